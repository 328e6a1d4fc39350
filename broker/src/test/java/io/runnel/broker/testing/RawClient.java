package io.runnel.broker.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal RESP client that returns replies as the exact bytes the server sent, so tests can
 * compare servers byte for byte. Understands every RESP2 and RESP3 reply type to know where one
 * reply ends.
 */
public final class RawClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RawClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(10_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** The server's port. */
    public int port() {
        return socket.getPort();
    }

    public static byte[] encode(byte[]... args) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        buf.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] arg : args) {
            buf.writeBytes(("$" + arg.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            buf.writeBytes(arg);
            buf.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        return buf.toByteArray();
    }

    public static byte[][] bytes(String... args) {
        byte[][] out = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            out[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    public byte[] call(byte[]... args) throws IOException {
        send(encode(args));
        return readReply();
    }

    public byte[] call(String... args) throws IOException {
        return call(bytes(args));
    }

    public String callText(String... args) throws IOException {
        return new String(call(args), StandardCharsets.UTF_8);
    }

    public void send(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
    }

    /** Reads exactly one complete reply (including the nested elements of aggregates). */
    public byte[] readReply() throws IOException {
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        readInto(reply);
        return reply.toByteArray();
    }

    /** True when the server closed the connection (reads EOF within the timeout). */
    public boolean closedByServer() throws IOException {
        try {
            return in.read() == -1;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    private void readInto(ByteArrayOutputStream reply) throws IOException {
        String line = readLine(reply);
        char type = line.charAt(0);
        String rest = line.substring(1);
        switch (type) {
            case '+', '-', ':', ',', '#', '_', '(' -> {
            }
            case '$', '=', '!' -> {
                int length = Integer.parseInt(rest);
                if (length >= 0) {
                    reply.writeBytes(in.readNBytes(length + 2));
                }
            }
            case '*', '~', '>' -> {
                int count = Integer.parseInt(rest);
                for (int i = 0; i < count; i++) {
                    readInto(reply);
                }
            }
            case '%', '|' -> {
                int count = Integer.parseInt(rest);
                for (int i = 0; i < count * 2; i++) {
                    readInto(reply);
                }
                if (type == '|') {
                    readInto(reply); // an attribute precedes the actual reply
                }
            }
            default -> throw new IOException("unexpected reply type '" + type + "' in " + line);
        }
    }

    private String readLine(ByteArrayOutputStream reply) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed by server");
            }
            reply.write(b);
            if (previous == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            line.write(b);
            previous = b;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
