package io.latchkey.server.password;

import io.latchkey.server.config.PasswordHashing;
import io.latchkey.server.core.Tokens;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Hashing and checking member passwords on the {@link HashingPool}. New hashes are Argon2id with
 * the configured parameters; a check also tells whether the stored hash should be replaced
 * (an import, or Argon2id with other parameters). A check against no hash at all costs the same
 * as a real one (against a dummy hash), so whether a member exists or has a password does not
 * show in the time of the answer. Thread-safe.
 */
public final class PasswordHasher {
    private final PasswordHashing settings;
    private final HashingPool pool;
    private CompletableFuture<StoredHash> dummy;

    public PasswordHasher(PasswordHashing settings, HashingPool pool) {
        this.settings = settings;
        this.pool = pool;
    }

    /**
     * Starts making the dummy hash on a thread of its own. The server calls it once its port is
     * open: it is a whole Argon2id hash plus loading the hashing library (signed jars, so checked
     * as they load), about a fifth of a start's CPU, and nothing needs it sooner. A check that
     * comes first starts it itself.
     */
    public synchronized void prepare() {
        if (dummy == null) {
            dummy = CompletableFuture.supplyAsync(
                    () -> new StoredHash(HashType.ARGON_2ID, Argon2id.hash(Tokens.newToken(), settings), Map.of()),
                    task -> {
                        Thread thread = new Thread(task, "dummy-password-hash");
                        thread.setDaemon(true);
                        thread.start();
                    });
        }
    }

    private synchronized CompletableFuture<StoredHash> dummy() {
        prepare();
        return dummy;
    }

    /** A check's result; {@code upgraded} is the hash to store instead (null: keep the stored one). */
    record Checked(boolean matches, StoredHash upgraded) {}

    /** A new Argon2id hash of {@code password}. */
    StoredHash hash(String password) {
        return pool.run(() -> argon2id(password));
    }

    /**
     * Checks {@code password} against {@code stored} (null: against the dummy, never matching) and,
     * when it matches a hash made otherwise than with the current parameters, hashes it anew.
     */
    Checked check(String password, StoredHash stored) {
        return pool.run(() -> {
            if (stored == null) {
                LegacyHashes.verify(password, dummy().join());
                return new Checked(false, null);
            }
            if (!LegacyHashes.verify(password, stored)) {
                return new Checked(false, null);
            }
            return new Checked(true, current(stored) ? null : argon2id(password));
        });
    }

    private boolean current(StoredHash stored) {
        if (stored.type() != HashType.ARGON_2ID) {
            return false;
        }
        Argon2id.Phc phc = Argon2id.parse(stored.hash());
        return phc != null && phc.madeWith(settings);
    }

    private StoredHash argon2id(String password) {
        return new StoredHash(HashType.ARGON_2ID, Argon2id.hash(password, settings), Map.of());
    }
}
