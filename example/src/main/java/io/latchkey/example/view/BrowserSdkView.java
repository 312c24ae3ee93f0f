package io.latchkey.example.view;

/**
 * A page that runs Stytch's own frontend SDK ({@code @stytch/vanilla-js}, served from the jar)
 * against Latchkey.
 *
 * @param header the top bar
 * @param publicToken the project's public token; null when the app was started without one (the
 *     page then says how to give it one)
 * @param latchkeyUrl where the SDK sends its calls (Latchkey's base URL; the SDK adds /sdk/v1)
 * @param sessionToken the server-side session handed to the SDK ("hydration"); null on the
 *     browser-login page
 * @param sessionJwt its JWT; null on the browser-login page
 * @param redirectUrl where the emailed link leads (this page); null on the hydration page
 */
public record BrowserSdkView(
        Header header,
        String publicToken,
        String latchkeyUrl,
        String sessionToken,
        String sessionJwt,
        String redirectUrl) {}
