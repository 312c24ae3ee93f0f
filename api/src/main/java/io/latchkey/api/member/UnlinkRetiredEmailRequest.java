package io.latchkey.api.member;

/** Request of members unlink_retired_email: the retired address by its id, its address or both. */
public record UnlinkRetiredEmailRequest(String emailId, String emailAddress) {}
