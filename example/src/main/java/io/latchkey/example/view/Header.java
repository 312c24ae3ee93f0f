package io.latchkey.example.view;

/**
 * What the page header shows: the signed-in member's email and a logout button, or nothing.
 *
 * @param email the member's email; null when unknown (an error page of a signed-in request)
 * @param signedIn whether the request carried a valid session
 * @param csrfToken the session's CSRF token, which the logout form posts; null when signed out
 */
public record Header(String email, boolean signedIn, String csrfToken) {
    public static Header anonymous() {
        return new Header(null, false, null);
    }

    public static Header signedIn(String email, String csrfToken) {
        return new Header(email, true, csrfToken);
    }
}
