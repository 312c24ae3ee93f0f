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

  const secondFactor = (organizationId, memberId) => {
    $("sdk-mfa").hidden = false;
    show("sdk-member-id", memberId);
    show("sdk-status", "mfa-required");
    $("sdk-totp-create").addEventListener("click", () => {
      client.totp
        .create({ organization_id: organizationId, member_id: memberId })
        .then((created) => {
          show("sdk-totp-secret", created.secret);
          show("sdk-status", "totp-created");
        })
        .catch(fail);
    });
    $("sdk-totp-form").addEventListener("submit", (event) => {
      event.preventDefault();
      client.totp
        .authenticate({
          organization_id: organizationId,
          member_id: memberId,
          code: $("sdk-totp-code").value,
          session_duration_minutes: 60,
        })
        .then(() => {
          $("sdk-mfa").hidden = true;
          render();
          show("sdk-status", "signed-in");
        })
        .catch(fail);
    });
  };

  // The browser-login page: either the emailed link just came back here, or a form to ask for one.
  const params = new URLSearchParams(window.location.search);
  const token = params.get("token");
  if (token && params.get("stytch_token_type") === "multi_tenant_magic_links") {
    show("sdk-status", "authenticating");
    client.magicLinks
      .authenticate({ magic_links_token: token, session_duration_minutes: 60 })
      .then((resp) => {
        // The token leaves the address bar once used.
        window.history.replaceState(null, "", window.location.pathname);
        if (resp.member_authenticated === false) {
          // MFA is due: the SDK keeps the intermediate session and sends it with the TOTP calls.
          secondFactor(resp.organization_id, resp.member_id);
          return;
        }
        render();
        show("sdk-status", "signed-in");
      })
      .catch(fail);
  } else if (token && params.get("stytch_token_type") === "discovery") {
    // Discovery: the SDK keeps the intermediate session it gets, and sends it in the body of the
    // exchange into the organization picked here.
    show("sdk-status", "authenticating");
    client.magicLinks.discovery
      .authenticate({ discovery_magic_links_token: token })
      .then((found) => {
        window.history.replaceState(null, "", window.location.pathname);
        const list = $("sdk-discovered");
        for (const d of found.discovered_organizations) {
          const button = document.createElement("button");
          button.type = "button";
          button.className = "button button-secondary";
          button.dataset.organization = d.organization.organization_id;
          button.textContent = "Continue to " + d.organization.organization_name;
          button.addEventListener("click", () => {
            client.discovery.intermediateSessions
              .exchange({ organization_id: d.organization.organization_id, session_duration_minutes: 60 })
              .then(() => {
                list.textContent = "";
                render();
                show("sdk-status", "signed-in");
              })
              .catch(fail);
          });
          list.appendChild(button);
        }
        show("sdk-status", "discovered");
      })
      .catch(fail);
  } else {
    render();
    show("sdk-status", client.session.getSync() ? "signed-in" : "signed-out");
  }
  $("sdk-discovery-form").addEventListener("submit", (event) => {
    event.preventDefault();
    client.magicLinks.email.discovery
      .send({ email_address: $("sdk-discovery-email").value, discovery_redirect_url: config.redirectUrl })
      .then(() => show("sdk-status", "link-sent"))
      .catch(fail);
  });
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
