package io.latchkey.api.discovery;

import io.latchkey.api.organization.Organization;
import io.latchkey.api.session.MfaRequired;
import io.latchkey.api.session.PrimaryRequired;

/**
 * An organization the email may log in to, and whether the factors at hand are enough for it.
 * {@code memberAuthenticated} is true only when neither {@code primaryRequired} nor {@code
 * mfaRequired} is set; those two, {@code organization} and {@code membership} may be null.
 */
public record DiscoveredOrganization(
        boolean memberAuthenticated,
        Organization organization,
        Membership membership,
        PrimaryRequired primaryRequired,
        MfaRequired mfaRequired) {}
