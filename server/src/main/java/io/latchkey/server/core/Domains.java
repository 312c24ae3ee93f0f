package io.latchkey.server.core;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Domain names in organization settings: syntax, and the public mail providers we refuse. */
public final class Domains {
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

  /**
   * Public mailbox providers: allowing one of these as an organization's email domain would let
   * anybody with a free account join, so Stytch refuses them and so do we.
   */
  private static final Set<String> TOO_COMMON =
      Set.of(
          "gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.uk", "ymail.com", "hotmail.com",
          "hotmail.co.uk", "outlook.com", "live.com", "msn.com", "aol.com", "icloud.com", "me.com",
          "mac.com", "protonmail.com", "proton.me", "gmx.com", "gmx.de", "gmx.net", "mail.com",
          "yandex.com", "yandex.ru", "zoho.com", "qq.com", "163.com", "126.com", "web.de",
          "mail.ru", "fastmail.com", "hey.com", "tutanota.com", "comcast.net", "verizon.net",
          "att.net");

  private Domains() {}

  /** True for a syntactically valid, lower-case, multi-label domain name. */
  public static boolean isValid(String domain) {
    if (domain == null || domain.isEmpty() || domain.length() > 253) {
      return false;
    }
    String[] labels = domain.split("\\.", -1);
    if (labels.length < 2) {
      return false;
    }
    for (String label : labels) {
      if (!LABEL.matcher(label).matches()) {
        return false;
      }
    }
    // The top-level label is never all digits: that would be an IP address.
    return !labels[labels.length - 1].chars().allMatch(Character::isDigit);
  }

  /** Lower-cases a domain and drops a leading {@code @} that callers often paste in. */
  public static String normalize(String domain) {
    String d = domain == null ? "" : domain.strip().toLowerCase(Locale.ROOT);
    return d.startsWith("@") ? d.substring(1) : d;
  }

  public static boolean isTooCommon(String domain) {
    return TOO_COMMON.contains(domain);
  }
}
