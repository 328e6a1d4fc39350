package io.runnel.broker.util;

/**
 * Glob-style matching with Redis's exact rules (KEYS, SCAN MATCH, CONFIG GET, PSUBSCRIBE):
 * {@code *} any run, {@code ?} one byte, {@code [abc]}, {@code [^abc]}, {@code [a-z]} (reversed
 * ranges allowed), and {@code \} to take the next byte literally, inside brackets too.
 */
public final class Glob {

    private Glob() {
    }

    public static boolean matches(byte[] pattern, byte[] string) {
        return matches(pattern, string, false);
    }

    public static boolean matches(byte[] pattern, byte[] string, boolean ignoreCase) {
        return match(pattern, 0, string, 0, ignoreCase, new boolean[1]);
    }

    /**
     * @param giveUp set once a '*' has tried every suffix of the string: any enclosing '*' would
     *               only retry shorter suffixes, which cannot succeed either
     */
    private static boolean match(byte[] p, int pi, byte[] s, int si, boolean ignoreCase, boolean[] giveUp) {
        int pn = p.length;
        int sn = s.length;
        while (pi < pn && si < sn) {
            switch (p[pi]) {
                case '*' -> {
                    while (pi + 1 < pn && p[pi + 1] == '*') {
                        pi++;
                    }
                    if (pi + 1 == pn) {
                        return true;
                    }
                    while (si < sn) {
                        if (match(p, pi + 1, s, si, ignoreCase, giveUp)) {
                            return true;
                        }
                        if (giveUp[0]) {
                            return false;
                        }
                        si++;
                    }
                    giveUp[0] = true;
                    return false;
                }
                case '?' -> si++;
                case '[' -> {
                    pi++;
                    boolean negate = pi < pn && p[pi] == '^';
                    if (negate) {
                        pi++;
                    }
                    boolean matched = false;
                    while (true) {
                        if (pi < pn && p[pi] == '\\' && pn - pi >= 2) {
                            pi++;
                            if (p[pi] == s[si]) {
                                matched = true;
                            }
                        } else if (pi < pn && p[pi] == ']') {
                            break;
                        } else if (pi >= pn) {
                            pi--; // unterminated class: the loop below steps past its last byte
                            break;
                        } else if (pn - pi >= 3 && p[pi + 1] == '-') {
                            int start = p[pi] & 0xff;
                            int end = p[pi + 2] & 0xff;
                            int c = s[si] & 0xff;
                            if (start > end) {
                                int t = start;
                                start = end;
                                end = t;
                            }
                            if (ignoreCase) {
                                start = lower(start);
                                end = lower(end);
                                c = lower(c);
                            }
                            pi += 2;
                            if (c >= start && c <= end) {
                                matched = true;
                            }
                        } else if (ignoreCase ? lower(p[pi] & 0xff) == lower(s[si] & 0xff) : p[pi] == s[si]) {
                            matched = true;
                        }
                        pi++;
                    }
                    if (negate) {
                        matched = !matched;
                    }
                    if (!matched) {
                        return false;
                    }
                    si++;
                }
                case '\\' -> {
                    if (pn - pi >= 2) {
                        pi++;
                    }
                    if (!same(p[pi], s[si], ignoreCase)) {
                        return false;
                    }
                    si++;
                }
                default -> {
                    if (!same(p[pi], s[si], ignoreCase)) {
                        return false;
                    }
                    si++;
                }
            }
            pi++;
            if (si == sn) {
                while (pi < pn && p[pi] == '*') {
                    pi++;
                }
                break;
            }
        }
        return pi == pn && si == sn;
    }

    private static boolean same(byte a, byte b, boolean ignoreCase) {
        return ignoreCase ? lower(a & 0xff) == lower(b & 0xff) : a == b;
    }

    private static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c | 0x20 : c;
    }
}
