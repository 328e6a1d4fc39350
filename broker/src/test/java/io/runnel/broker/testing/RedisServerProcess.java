package io.runnel.broker.testing;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real redis-server on a free loopback port: the reference that differential tests compare
 * Runnel against. One per test JVM, started on first use and stopped when the JVM exits. The
 * project's test script installs Debian's redis-server when it is missing.
 */
public final class RedisServerProcess {

    private static RedisServerProcess shared;

    private final Process process;
    private final int port;

    private RedisServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static synchronized RedisServerProcess shared() {
        if (shared == null) {
            shared = start();
            RedisServerProcess stopping = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(stopping.process::destroy));
        }
        return shared;
    }

    /** A separate reference server with extra directives (e.g. --requirepass); the caller stops it. */
    public static RedisServerProcess start(String... directives) {
        return startWith(List.of(directives));
    }

    private static RedisServerProcess start() {
        return startWith(List.of());
    }

    private static RedisServerProcess startWith(List<String> directives) {
        String binary = System.getProperty("redis.server", "redis-server");
        try {
            int port = freePort();
            Path dir = Files.createTempDirectory("runnel-reference-redis");
            List<String> command = new java.util.ArrayList<>(List.of(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no",
                    // DEBUG SET-ACTIVE-EXPIRE lets tests keep expired keys for lazy expiry to meet
                    "--enable-debug-command", "local"));
            command.addAll(directives);
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(new File(dir.toFile(), "redis.log"))
                    .start();
            long deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < deadline) {
                try (RawClient client = new RawClient(port)) {
                    String pong = client.callText("PING");
                    if (pong.equals("+PONG\r\n") || pong.startsWith("-NOAUTH")) {
                        return new RedisServerProcess(process, port);
                    }
                } catch (IOException e) {
                    Thread.sleep(50);
                }
            }
            process.destroy();
            throw new IllegalStateException("redis-server did not start on port " + port);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start '" + binary + "': install it with scripts/install-test-deps.sh", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    /** Stops a server started with {@link #start(String...)}. */
    public void stop() {
        process.destroy();
    }

    /** The version the reference server reports, e.g. "7.0.15". */
    public String version() throws IOException {
        try (RawClient client = new RawClient(port)) {
            String info = client.callText("INFO", "server");
            for (String line : info.split("\r\n")) {
                if (line.startsWith("redis_version:")) {
                    return line.substring("redis_version:".length());
                }
            }
            return "unknown";
        }
    }
}
