// The example's browser pages: Stytch's frontend SDK (@stytch/vanilla-js 6.3.0, loaded before
// this file as the global `stytch`) pointed at Latchkey. Settings come from #sdk-config's data
// attributes; the page's Content-Security-Policy allows no inline script.
(function () {
  "use strict";
  const config = document.getElementById("sdk-config").dataset;
  const $ = (id) => document.getElementById(id);
  const show = (id, text) => {
    $(id).textContent = text == null || text === "" ? "–" : String(text);
  };
  const fail = (e) => {
    const box = $("sdk-error");
    box.hidden = false;
    box.textContent = (e && (e.error_type || e.name)) + ": " + (e && (e.error_message || e.message));
  };

  const latchkey = config.latchkeyUrl;
  const options = {
    // `endpoints` is a client option of @stytch/vanilla-js 6.3.0 that its documentation does not
    // list: the URLs are used as given (http, port and path kept), where the documented
    // `customBaseUrl` keeps only a host name and forces https. Tokens containing
    // "public-token-test" use testAPIURL, the others liveAPIURL. The rest are never called here
    // (no fraud-protection or iframe features); they point at Latchkey so nothing leaves for Stytch.
    endpoints: {
      testAPIURL: latchkey,
      liveAPIURL: latchkey,
      dfpBackendURL: latchkey,
      dfpCdnURL: latchkey,
      clientsideServicesIframeURL: latchkey + "/sdk/v1/unused-iframe",
    },
  };
  if (config.mode === "hydrate") {
    // This app's own session cookies are HttpOnly (no script reads them), under the names the SDK
    // would use; the SDK keeps its copy of the session under names of its own.
    options.cookieOptions = {
      opaqueTokenCookieName: "sdk_session",
      jwtCookieName: "sdk_session_jwt",
      istCookieName: "sdk_intermediate_session",
    };
  }
  const client = new stytch.StytchB2BHeadlessClient(config.publicToken, options);

  const render = () => {
    const session = client.session.getSync();
    const member = client.self.getSync();
    show("sdk-member-id", session && session.member_id);
    show("sdk-member-email", member && member.email_address);
    if ($("sdk-member-name")) show("sdk-member-name", member && member.name);
    if ($("sdk-expires")) show("sdk-expires", session && session.expires_at);
  };

  if (config.mode === "hydrate") {
    client.session.updateSession({ session_token: config.sessionToken, session_jwt: config.sessionJwt });
    client.session
      .authenticate()
      .then(() => {
        render();
        show("sdk-status", "signed-in");
      })
      .catch(fail);
    $("sdk-refresh").addEventListener("click", () => {
      client.session
        .authenticate({ session_duration_minutes: 120 })
        .then(() => {
          render();
          show("sdk-status", "refreshed");
        })
        .catch(fail);
    });
    $("sdk-rename").addEventListener("submit", (event) => {
      event.preventDefault();
      client.self
        .update({ name: $("sdk-name").value })
        .then(() => {
          render();
          show("sdk-status", "renamed");
        })
        .catch(fail);
    });
    $("sdk-logout").addEventListener("click", () => {
      client.session
        .revoke()
        .then(() => {
          render();
          show("sdk-status", "signed-out");
        })
        .catch(fail);
    });
    return;
  }

  // The browser-login page: either the emailed link just came back here, or a form to ask for one.
  const params = new URLSearchParams(window.location.search);
  const token = params.get("token");
  if (token && params.get("stytch_token_type") === "multi_tenant_magic_links") {
    show("sdk-status", "authenticating");
    client.magicLinks
      .authenticate({ magic_links_token: token, session_duration_minutes: 60 })
      .then(() => {
        // The token leaves the address bar once used.
        window.history.replaceState(null, "", window.location.pathname);
        render();
        show("sdk-status", "signed-in");
      })
      .catch(fail);
  } else {
    render();
    show("sdk-status", client.session.getSync() ? "signed-in" : "signed-out");
  }
  $("sdk-login-form").addEventListener("submit", (event) => {
    event.preventDefault();
    client.magicLinks.email
      .loginOrSignup({
        email_address: $("sdk-email").value,
        organization_id: $("sdk-organization-id").value,
        login_redirect_url: config.redirectUrl,
        signup_redirect_url: config.redirectUrl,
      })
      .then(() => show("sdk-status", "link-sent"))
      .catch(fail);
  });
})();
