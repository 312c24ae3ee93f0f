package io.latchkey.server.core;

/**
 * Checks on free text that reaches storage. Control characters are refused rather than stored:
 * PostgreSQL cannot hold NUL in TEXT, and the others only ever arrive by mistake or malice.
 */
public final class Text {
    private Text() {}

    public static boolean hasControlCharacters(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    /** Length in Unicode code points, which is what a person means by "characters". */
    public static int length(String s) {
        return s.codePointCount(0, s.length());
    }

    /** True for a string of 1..max code points without control characters. */
    public static boolean isPrintable(String s, int max) {
        return s != null && !s.isEmpty() && length(s) <= max && !hasControlCharacters(s);
    }
}
