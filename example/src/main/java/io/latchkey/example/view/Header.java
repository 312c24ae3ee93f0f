package io.latchkey.example.view;

/**
 * What the page header shows: the signed-in member's email and a logout link, or nothing.
 *
 * @param email the member's email; null when unknown (an error page of a signed-in request)
 * @param signedIn whether the request carried a valid session
 */
public record Header(String email, boolean signedIn) {
  public static Header anonymous() {
    return new Header(null, false);
  }

  public static Header signedIn(String email) {
    return new Header(email, true);
  }
}
