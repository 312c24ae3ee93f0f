package io.latchkey.example.routes;

import io.latchkey.api.member.Member;
import io.latchkey.sdk.B2BClient;
import io.latchkey.sdk.Rbac;

/**
 * The app's one permission, from its RBAC policy ({@code example/rbac-policy.json}): changing
 * the organization's settings needs {@code update} on the custom {@code billing} resource, which
 * {@code stytch_admin} and {@code billing_manager} hold there.
 *
 * <p>Decided on the member's roles as Latchkey holds them now (not on those inside the session
 * JWT, which are as of its minting: a role taken away a minute ago must not keep working), with
 * the project and organization policies the SDK caches for a few minutes.
 */
final class Permissions {
    static final String RESOURCE = "billing";
    static final String ACTION = "update";

    private Permissions() {}

    static boolean mayManageSettings(B2BClient client, Member member) {
        return Rbac.allows(
                client.rbac().policy().roles(),
                client.rbac().orgPolicy(member.organizationId()).roles(),
                Views.roleIds(member),
                RESOURCE,
                ACTION);
    }
}
