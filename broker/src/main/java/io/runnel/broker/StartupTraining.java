package io.runnel.broker;

import io.runnel.broker.config.ServerConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A short run of the server that loads the classes a start loads: it starts a server with a
 * journal in a temporary directory, sends it a few commands over TCP, stops it, starts it again
 * (replaying the journal) and exits. {@code runnel-server} runs it once after each build under
 * {@code -XX:ArchiveClassesAtExit}, and starts the server with the resulting class data archive:
 * loading and verifying some 7,000 classes (Pekko, Scala, Netty) is most of a start, and the
 * archive halves it.
 */
public final class StartupTraining {

    private StartupTraining() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("runnel-training");
        try {
            for (int round = 0; round < 2; round++) {
                RunnelServer server = RunnelServer.start(ServerConfig.fromArguments(new String[] {
                        "--port", "0", "--bind", "127.0.0.1", "--appendonly", "yes", "--save", "", "--dir", dir.toString()}));
                try {
                    exercise(server.port());
                } finally {
                    server.close();
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        }
        System.exit(0);
    }

    /** The commands of a typical session: strings, a stream with a group, a subscription, INFO. */
    private static void exercise(int port) throws IOException {
        String[][] commands = {
                {"HELLO", "3"}, {"PING"}, {"SET", "training", "1"}, {"GET", "training"}, {"INCR", "counter"},
                {"MSET", "a", "1", "b", "2"}, {"XADD", "jobs", "*", "task", "t"},
                {"XGROUP", "CREATE", "jobs", "workers", "0", "MKSTREAM"},
                {"XREADGROUP", "GROUP", "workers", "w1", "COUNT", "10", "STREAMS", "jobs", ">"},
                {"XACK", "jobs", "workers", "0-1"}, {"XINFO", "STREAM", "jobs"}, {"PUBLISH", "news", "hi"},
                {"INFO"}, {"DBSIZE"}, {"QUIT"}};
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            for (String[] command : commands) {
                StringBuilder request = new StringBuilder("*").append(command.length).append("\r\n");
                for (String word : command) {
                    request.append('$').append(word.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(word).append("\r\n");
                }
                out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            while (in.read(buffer) >= 0) {
                // read every reply until QUIT closes the connection
            }
        }
    }
}
