import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { StytchError } from "stytch";
import {
  createOrganization,
  createOrganizationAllowing,
  expectStytchError,
  newClient,
  otherProject,
  secret,
  unique,
} from "../support/latchkey.mjs";

const stytch = newClient();
const UNKNOWN_ORGANIZATION = "organization-test-00000000-0000-4000-8000-000000000000";

describe("errors", () => {
  test("a wrong secret is a 401 unauthorized_credentials StytchError", async () => {
    const wrong = newClient({ secret: `${secret}-wrong` });

    await expectStytchError(wrong.organizations.search({}), {
      status_code: 401,
      error_type: "unauthorized_credentials",
    });
  });

  test("an unknown project id is a 401 unauthorized_credentials StytchError", async () => {
    const wrong = newClient({ project_id: "project-test-00000000-0000-4000-8000-000000000000" });

    await expectStytchError(wrong.organizations.get({ organization_id: UNKNOWN_ORGANIZATION }), {
      status_code: 401,
      error_type: "unauthorized_credentials",
    });
  });

  test("an unknown organization is a 404 organization_not_found StytchError", async () => {
    const notFound = { status_code: 404, error_type: "organization_not_found" };

    await expectStytchError(stytch.organizations.get({ organization_id: UNKNOWN_ORGANIZATION }), notFound);
    await expectStytchError(stytch.organizations.get({ organization_id: unique.slug("no-such-org") }), notFound);
    await expectStytchError(
      stytch.organizations.update({ organization_id: UNKNOWN_ORGANIZATION, organization_name: "x" }),
      notFound,
    );
    await expectStytchError(stytch.organizations.delete({ organization_id: UNKNOWN_ORGANIZATION }), notFound);
    await expectStytchError(
      stytch.organizations.members.create({ organization_id: UNKNOWN_ORGANIZATION, email_address: unique.email() }),
      notFound,
    );
  });

  test("an organization of another project is organization_not_found", { skip: otherProject ? false : "LATCHKEY_OTHER_PROJECT_ID not set" }, async () => {
    const theirs = newClient(otherProject);
    const org = await createOrganization(theirs);

    await expectStytchError(stytch.organizations.get({ organization_id: org.organization_id }), {
      status_code: 404,
      error_type: "organization_not_found",
    });
    await expectStytchError(stytch.organizations.get({ organization_id: org.organization_slug }), {
      status_code: 404,
      error_type: "organization_not_found",
    });
    assert.equal((await theirs.organizations.get({ organization_id: org.organization_id })).organization.organization_id, org.organization_id);
  });

  test("a taken slug is a 400 organization_slug_already_used StytchError on create and update", async () => {
    const taken = await createOrganization(stytch);
    const other = await createOrganization(stytch);
    const slugTaken = { status_code: 400, error_type: "organization_slug_already_used" };

    await expectStytchError(
      stytch.organizations.create({ organization_name: unique.name(), organization_slug: taken.organization_slug }),
      slugTaken,
    );
    await expectStytchError(
      stytch.organizations.update({
        organization_id: other.organization_id,
        organization_slug: taken.organization_slug,
      }),
      slugTaken,
    );
  });

  test("a StytchError carries the server's request_id, message and documentation URL", async () => {
    const error = await expectStytchError(stytch.organizations.get({ organization_id: UNKNOWN_ORGANIZATION }), {
      status_code: 404,
      error_type: "organization_not_found",
    });

    assert.ok(error instanceof StytchError);
    assert.match(error.request_id, /^request-id-test-/);
    assert.equal(typeof error.error_message, "string");
    assert.match(error.error_url, /^https:\/\/stytch\.com\/docs\/api\/errors\/404/);
  });

  test("request validation errors surface as 400 StytchErrors with the contract's error_type", async () => {
    const org = await createOrganization(stytch);
    const members = stytch.organizations.members;
    const tooManyKeys = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`key${i}`, i]));

    await expectStytchError(members.create({ organization_id: org.organization_id, email_address: "not-an-email" }), {
      status_code: 400,
      error_type: "invalid_email",
    });
    await expectStytchError(
      members.create({ organization_id: org.organization_id, email_address: unique.email(), trusted_metadata: tooManyKeys }),
      { status_code: 400, error_type: "metadata_too_many_keys" },
    );
    await expectStytchError(
      members.create({ organization_id: org.organization_id, email_address: unique.email(), roles: ["stytch_member"] }),
      { status_code: 400, error_type: "cannot_assign_default_rbac_role_id" },
    );
    await expectStytchError(
      stytch.organizations.update({ organization_id: org.organization_id, email_allowed_domains: ["gmail.com"] }),
      { status_code: 400, error_type: "organization_settings_domain_too_common" },
    );
    await expectStytchError(members.search({ organization_ids: [] }), {
      status_code: 400,
      error_type: "member_search_organization_ids_empty",
    });
    await expectStytchError(
      stytch.organizations.search({
        query: { operator: "AND", operands: [{ filter_name: "no_such_filter", filter_value: "x" }] },
      }),
      { status_code: 400, error_type: "organization_search_filter_name_not_recognized" },
    );
  });

  test("a send over a rate limit is a 429 too_many_requests StytchError", async () => {
    // The server's default: 10 emails to one address per 10 minutes.
    const domain = unique.domain();
    const org = await createOrganizationAllowing(stytch, domain);
    const email = unique.emailIn(domain);
    const send = () => stytch.magicLinks.email.loginOrSignup({ organization_id: org.organization_id, email_address: email });
    for (let i = 0; i < 10; i++) {
      await send();
    }

    const error = await expectStytchError(send(), { status_code: 429, error_type: "too_many_requests" });
    assert.equal(error.error_url, "https://stytch.com/docs/api/errors/429#too_many_requests");
    assert.match(error.error_message, /Retry after \d+ seconds/);
  });
  test("a slug equal to another organization's external id, in any case, is organization_slug_already_used", async () => {
    const name = unique.externalId("handle");
    await createOrganization(stytch, { organization_external_id: name });

    await expectStytchError(createOrganization(stytch, { organization_slug: name.toUpperCase() }), {
      status_code: 400,
      error_type: "organization_slug_already_used",
    });
  });

  test("a redirect URL whose path climbs out with ..; is refused as not allowed", async () => {
    const domain = unique.domain();
    const org = await createOrganizationAllowing(stytch, domain);

    await expectStytchError(
      stytch.magicLinks.email.loginOrSignup({
        organization_id: org.organization_id,
        email_address: unique.emailIn(domain),
        signup_redirect_url: "http://localhost:4000/welcome/..;/admin",
      }),
      { status_code: 400, error_type: "invalid_signup_redirect_url" },
    );
  });
});
