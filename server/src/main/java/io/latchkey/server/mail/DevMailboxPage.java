package io.latchkey.server.mail;

import io.latchkey.server.core.Tokens;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dev mailbox as HTML: newest message first, the text body with its links made clickable,
 * and the HTML body in a sandboxed frame loaded from its own URL. Every value is escaped; the
 * page runs no script, and its only inline style is allowed by hash, not by 'unsafe-inline'.
 */
final class DevMailboxPage {
    private static final String STYLE = """
      *{box-sizing:border-box}
      body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;\
      color:#1f2933;background:#f4f5f7}
      header,main{max-width:860px;margin:0 auto;padding:16px}
      header{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:baseline}
      h1{font-size:22px;margin:0;flex:1 1 auto}
      form{display:flex;gap:8px;flex:1 1 280px}
      input{flex:1;min-width:0;font:inherit;padding:6px 8px;border:1px solid #cbd2d9;\
      border-radius:6px}
      button{font:inherit;padding:6px 12px;border:0;border-radius:6px;background:#2f5bea;\
      color:#fff}
      a{color:#2f5bea;overflow-wrap:anywhere}
      .hint{color:#52606d;font-size:14px;margin:0 0 12px}
      article{background:#fff;border-radius:8px;padding:16px;margin:0 0 16px;\
      box-shadow:0 1px 2px rgba(0,0,0,.08)}
      h2{font-size:18px;margin:0 0 4px;overflow-wrap:anywhere}
      .meta{color:#52606d;font-size:14px;margin:0 0 12px;overflow-wrap:anywhere}
      .tag{display:inline-block;font-size:12px;padding:0 6px;border-radius:4px;\
      background:#e4e7eb;margin-left:4px}
      .tag.failed{background:#fde2e1;color:#8a1c1c}
      .tag.queued{background:#fff3c4;color:#6b4e00}
      pre{white-space:pre-wrap;overflow-wrap:anywhere;font:14px/1.5 ui-monospace,Menlo,Consolas,\
      monospace;background:#f8f9fa;border-radius:6px;padding:12px;margin:0}
      details{margin-top:12px}
      summary{cursor:pointer;color:#2f5bea}
      iframe{width:100%;height:520px;border:1px solid #e4e7eb;border-radius:6px;margin-top:8px;\
      background:#fff}
      .empty{text-align:center;color:#52606d;padding:48px 0}
      """;

    /** The page's Content-Security-Policy: no script at all, and nothing loaded from elsewhere. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src '"
            + sha256(STYLE)
            + "'; frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    /**
     * For an HTML body shown in the page's frame: its inline styles and remote images may load,
     * scripts never (the sandbox forbids them even when the URL is opened directly), and links
     * open in a new tab outside the sandbox.
     */
    static final String BODY_CONTENT_SECURITY_POLICY =
            "default-src 'none'; style-src 'unsafe-inline'; img-src data: https:; form-action 'none';"
                    + " frame-ancestors 'self'; sandbox allow-popups allow-popups-to-escape-sandbox";

    private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"']+");
    private static final Pattern HEAD = Pattern.compile("<head(\\s[^>]*)?>", Pattern.CASE_INSENSITIVE);

    static final int REFRESH_SECONDS = 5;

    private DevMailboxPage() {}

    static String render(List<DevMailboxMessage> messages, String to) {
        StringBuilder out = new StringBuilder(8192);
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                // Refreshes itself without a script (the page's CSP allows none).
                .append("<meta http-equiv=\"refresh\" content=\"")
                .append(REFRESH_SECONDS)
                .append("\">\n")
                .append("<title>Dev mailbox - Latchkey</title>\n<style>")
                .append(STYLE)
                .append("</style>\n</head>\n<body>\n<header>\n<h1>Dev mailbox</h1>\n")
                .append("<form method=\"get\" action=\"/dev/mailbox\">")
                .append("<input type=\"search\" name=\"to\" placeholder=\"Filter by recipient\" value=\"")
                .append(Html.escape(to == null ? "" : to))
                .append("\" aria-label=\"Recipient\"><button type=\"submit\">Filter</button></form>\n")
                .append("</header>\n<main>\n<p class=\"hint\">Mail captured by start-dev, newest first. ")
                .append("Refreshes every ")
                .append(REFRESH_SECONDS)
                .append(" s &middot; ")
                .append("<a href=\"/dev/mailbox/messages\">JSON</a></p>\n")
                .append("<form method=\"post\" action=\"/dev/mailbox/clear\">")
                .append("<button type=\"submit\">Clear the mailbox</button></form>\n");
        if (messages.isEmpty()) {
            out.append("<p class=\"empty\">No messages yet.</p>\n");
        }
        for (DevMailboxMessage m : messages) {
            article(out, m);
        }
        out.append("</main>\n</body>\n</html>\n");
        return out.toString();
    }

    private static void article(StringBuilder out, DevMailboxMessage m) {
        String subject = m.subject().isEmpty() ? "(" + m.kind() + ")" : m.subject();
        out.append("<article>\n<h2>")
                .append(Html.escape(subject))
                .append("</h2>\n")
                .append("<p class=\"meta\">To ")
                .append(Html.escape(m.to()))
                .append(" &middot; <time datetime=\"")
                .append(Html.escape(m.createdAt()))
                .append("\">")
                .append(Html.escape(m.createdAt().replace('T', ' ').replace("Z", " UTC")))
                .append("</time>");
        if (!MailMessage.EMAIL.equals(m.kind())) {
            out.append("<span class=\"tag\">").append(Html.escape(m.kind())).append("</span>");
        }
        if (!OutboxRow.SENT.equals(m.status())) {
            out.append("<span class=\"tag ")
                    .append(Html.escape(m.status()))
                    .append("\">")
                    .append(Html.escape(m.status()))
                    .append("</span>");
        }
        out.append("</p>\n<pre>").append(linkify(m.text())).append("</pre>\n");
        if (m.html() != null) {
            String src = "/dev/mailbox/messages/" + m.id() + "/html";
            out.append("<details><summary>HTML version</summary><iframe src=\"")
                    .append(Html.escape(src))
                    .append("\" sandbox=\"allow-popups allow-popups-to-escape-sandbox\"")
                    .append(" referrerpolicy=\"no-referrer\" loading=\"lazy\" title=\"HTML version of ")
                    .append(Html.escape(subject))
                    .append("\"></iframe></details>\n");
        }
        out.append("</article>\n");
    }

    /** Escapes the text and turns each http(s) URL in it into a link that opens a new tab. */
    static String linkify(String text) {
        StringBuilder out = new StringBuilder(text.length() + 128);
        Matcher m = URL.matcher(text);
        int last = 0;
        while (m.find()) {
            String url = m.group();
            // Sentence punctuation after a URL is not part of it.
            int end = url.length();
            while (end > 0 && ".,;:!?)]".indexOf(url.charAt(end - 1)) >= 0) {
                end--;
            }
            url = url.substring(0, end);
            out.append(Html.escape(text.substring(last, m.start())))
                    .append("<a href=\"")
                    .append(Html.escape(url))
                    .append("\" target=\"_blank\" rel=\"noopener noreferrer\">")
                    .append(Html.escape(url))
                    .append("</a>");
            last = m.start() + end;
        }
        out.append(Html.escape(text.substring(last)));
        return out.toString();
    }

    /**
     * The HTML body as served into the frame, with a base target so its links open in a new tab
     * (inside the sandbox they could not navigate the page, and the frame may not show them).
     */
    static String frameDocument(String html) {
        String base = "<base target=\"_blank\">";
        Matcher head = HEAD.matcher(html);
        if (head.find()) {
            return html.substring(0, head.end()) + base + html.substring(head.end());
        }
        return base + html;
    }

    private static String sha256(String s) {
        return "sha256-" + Base64.getEncoder().encodeToString(Tokens.sha256(s.getBytes(StandardCharsets.UTF_8)));
    }
}
