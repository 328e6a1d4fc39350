package io.runnel.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Encodes replies into a growable byte buffer, in RESP3 or in the RESP2 downgrade Redis applies
 * for clients that did not ask for RESP3 (maps and sets become arrays, null becomes the null
 * bulk string or null array, doubles and big numbers become bulk strings, booleans integers).
 *
 * <p>Reused across replies: {@link #reset()} keeps the buffer, so the hot path allocates only
 * when a reply outgrows what was seen before.
 */
public final class RespWriter {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_BULK = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_ARRAY = "*-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL3 = "_\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MIN_LONG = Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);

    private byte[] buf;
    private int length;
    private int protocol;

    public RespWriter(int protocol) {
        this(protocol, 256);
    }

    public RespWriter(int protocol, int initialCapacity) {
        this.protocol = protocol;
        this.buf = new byte[initialCapacity];
    }

    public int protocol() {
        return protocol;
    }

    public void protocol(int version) {
        this.protocol = version;
    }

    public boolean resp3() {
        return protocol >= 3;
    }

    public RespWriter ok() {
        return raw(OK);
    }

    public RespWriter simple(String text) {
        ensure(text.length() + 3);
        buf[length++] = '+';
        ascii(text);
        return crlf();
    }

    /** An error reply; {@code text} starts with its code, e.g. {@code "ERR syntax error"}. */
    public RespWriter error(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ensure(bytes.length + 3);
        buf[length++] = '-';
        // Redis replaces newlines in error texts so that the reply stays one line.
        for (byte b : bytes) {
            buf[length++] = (b == '\r' || b == '\n') ? (byte) ' ' : b;
        }
        return crlf();
    }

    public RespWriter integer(long value) {
        ensure(24);
        buf[length++] = ':';
        number(value);
        return crlf();
    }

    public RespWriter bulk(byte[] value) {
        return bulk(value, 0, value.length);
    }

    public RespWriter bulk(byte[] value, int offset, int count) {
        ensure(count + 16);
        buf[length++] = '$';
        number(count);
        crlf();
        System.arraycopy(value, offset, buf, length, count);
        length += count;
        return crlf();
    }

    public RespWriter bulk(String value) {
        return bulk(value.getBytes(StandardCharsets.UTF_8));
    }

    /** A bulk string holding the decimal digits of {@code value}. */
    public RespWriter bulkNumber(long value) {
        return bulk(Long.toString(value).getBytes(StandardCharsets.US_ASCII));
    }

    public RespWriter nullBulk() {
        return raw(resp3() ? NULL3 : NULL_BULK);
    }

    public RespWriter nullArray() {
        return raw(resp3() ? NULL3 : NULL_ARRAY);
    }

    public RespWriter array(long count) {
        return header('*', count);
    }

    /** A map of {@code pairs} key/value pairs; RESP2 gets a flat array of twice the size. */
    public RespWriter map(long pairs) {
        return resp3() ? header('%', pairs) : header('*', pairs * 2);
    }

    public RespWriter set(long count) {
        return header(resp3() ? '~' : '*', count);
    }

    public RespWriter push(long count) {
        return header(resp3() ? '>' : '*', count);
    }

    public RespWriter bool(boolean value) {
        if (resp3()) {
            return raw(value ? "#t\r\n".getBytes(StandardCharsets.US_ASCII) : "#f\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        return integer(value ? 1 : 0);
    }

    /** A double as Redis 7.2 replies it (see {@link RespDoubles}): RESP3's double, RESP2's bulk string. */
    public RespWriter doubleValue(double value) {
        ensure(RespDoubles.MAX_LENGTH + 8);
        if (resp3()) {
            buf[length++] = ',';
            length += RespDoubles.write(value, buf, length);
            return crlf();
        }
        // The text goes after room for the longest header ("$25\r\n"), then moves up when shorter.
        int textAt = length + 5;
        int textLength = RespDoubles.write(value, buf, textAt);
        int headerLength = textLength < 10 ? 4 : 5;
        buf[length] = '$';
        if (textLength >= 10) {
            buf[length + 1] = (byte) ('0' + textLength / 10);
        }
        buf[length + headerLength - 3] = (byte) ('0' + textLength % 10);
        buf[length + headerLength - 2] = '\r';
        buf[length + headerLength - 1] = '\n';
        if (headerLength != 5) {
            System.arraycopy(buf, textAt, buf, length + headerLength, textLength);
        }
        length += headerLength + textLength;
        return crlf();
    }

    public RespWriter bigNumber(String digits) {
        if (resp3()) {
            ensure(digits.length() + 3);
            buf[length++] = '(';
            ascii(digits);
            return crlf();
        }
        return bulk(digits.getBytes(StandardCharsets.US_ASCII));
    }

    /** Verbatim text with a three-letter format such as "txt"; RESP2 gets a plain bulk string. */
    public RespWriter verbatim(String format, byte[] text) {
        if (!resp3()) {
            return bulk(text);
        }
        ensure(text.length + 24);
        buf[length++] = '=';
        number(text.length + 4L);
        crlf();
        ascii(format);
        buf[length++] = ':';
        System.arraycopy(text, 0, buf, length, text.length);
        length += text.length;
        return crlf();
    }

    /** Appends bytes that are already RESP-encoded. */
    public RespWriter raw(byte[] encoded) {
        return raw(encoded, 0, encoded.length);
    }

    public RespWriter raw(byte[] encoded, int offset, int count) {
        ensure(count);
        System.arraycopy(encoded, offset, buf, length, count);
        length += count;
        return this;
    }

    public int length() {
        return length;
    }

    public byte[] buffer() {
        return buf;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, length);
    }

    /** Drops what was written after {@code mark}, e.g. to replace a partial reply by an error. */
    public void truncate(int mark) {
        length = mark;
    }

    public void reset() {
        length = 0;
    }

    @Override
    public String toString() {
        return new String(buf, 0, length, StandardCharsets.UTF_8);
    }

    private RespWriter header(char type, long count) {
        ensure(24);
        buf[length++] = (byte) type;
        number(count);
        return crlf();
    }

    private RespWriter crlf() {
        ensure(2);
        buf[length++] = CRLF[0];
        buf[length++] = CRLF[1];
        return this;
    }

    private void ascii(String text) {
        ensure(text.length());
        for (int i = 0; i < text.length(); i++) {
            buf[length++] = (byte) text.charAt(i);
        }
    }

    private void number(long value) {
        if (value == Long.MIN_VALUE) {
            System.arraycopy(MIN_LONG, 0, buf, length, MIN_LONG.length);
            length += MIN_LONG.length;
            return;
        }
        if (value < 0) {
            buf[length++] = '-';
            value = -value;
        }
        if (value < 10) {
            buf[length++] = (byte) ('0' + value);
            return;
        }
        int digits = digits(value);
        int end = length + digits;
        for (int i = end - 1; i >= length; i--) {
            buf[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        length = end;
    }

    private static int digits(long value) {
        long bound = 10;
        for (int d = 1; d < 19; d++) {
            if (value < bound) {
                return d;
            }
            bound *= 10;
        }
        return 19;
    }

    private void ensure(int extra) {
        if (length + extra > buf.length) {
            long wanted = Math.max((long) buf.length * 2, (long) length + extra);
            buf = Arrays.copyOf(buf, (int) Math.min(wanted, Integer.MAX_VALUE - 8));
        }
    }
}
