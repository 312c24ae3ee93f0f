package io.latchkey.server.search;

import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.core.Ids;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Page size and cursors of the search APIs. Results are ordered by (created_at, id), so a page
 * boundary is a {@link Position} and the next page is a keyset seek past it: stable under
 * concurrent inserts and cheap at any depth. The cursor is that position, base64url-encoded; it
 * is opaque to clients and checked on the way back in, so a tampered one is a 400, not a 500.
 */
public final class Paging {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    private Paging() {}

    /** Where a page ended: the last row's creation time (epoch millis) and id. */
    public record Position(long createdAtMillis, String id) {}

    /** The page size: absent or 0 gives the default (0 is what protobuf-based clients send). */
    public static int limit(Integer requested) {
        if (requested == null || requested == 0) {
            return DEFAULT_LIMIT;
        }
        if (requested < 0 || requested > MAX_LIMIT) {
            throw new ApiException(ErrorType.INVALID_LIMIT, "limit must be between 1 and " + MAX_LIMIT + ".");
        }
        return requested;
    }

    /** The cursor a client sends back to continue after {@code position}. */
    public static String cursor(String idKind, Position position) {
        String raw = idKind + "|" + position.createdAtMillis() + "|" + position.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The position a cursor stands for, or null for no cursor (null or empty: the first page).
     *
     * @throws ApiException invalid_cursor when the cursor was not issued by this search
     */
    public static Position position(String idKind, String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            if (cursor.length() > 512) {
                throw new IllegalArgumentException();
            }
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = raw.split("\\|", -1);
            if (parts.length != 3 || !parts[0].equals(idKind) || !Ids.looksLike(idKind, parts[2])) {
                throw new IllegalArgumentException();
            }
            return new Position(Long.parseLong(parts[1]), parts[2]);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorType.INVALID_CURSOR, "cursor is not a cursor from this search.");
        }
    }
}
