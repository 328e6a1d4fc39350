package io.runnel.broker.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of the test's own, from Debian's binaries (scripts/install-test-deps.sh
 * installs them): initialised in a temporary directory, listening on a free loopback port,
 * trusting local connections, with a database "runnel". Run as the postgres system user when the
 * tests run as root, as PostgreSQL refuses root.
 */
public final class PostgresProcess implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final Path bin;

    private PostgresProcess(Path dir, int port, Path bin) {
        this.dir = dir;
        this.port = port;
        this.bin = bin;
    }

    public static PostgresProcess start() throws Exception {
        Path bin;
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            bin = versions.map(v -> v.resolve("bin")).filter(b -> Files.exists(b.resolve("initdb")))
                    .max(Comparator.naturalOrder()).orElseThrow(() -> new IllegalStateException(
                            "PostgreSQL is not installed: run scripts/install-test-deps.sh"));
        }
        Path dir = Files.createTempDirectory("runnel-postgres");
        int port = RedisServerProcess.freePort();
        PostgresProcess postgres = new PostgresProcess(dir, port, bin);
        if (isRoot()) {
            run(List.of("chown", "-R", "postgres:postgres", dir.toString()));
        }
        postgres.asOwner(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "runnel",
                "--auth=trust", "-E", "UTF8");
        postgres.asOwner(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-w", "-l",
                dir.resolve("postgres.log").toString(), "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1", "start");
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "runnel", "")) {
            connection.createStatement().execute("CREATE DATABASE runnel");
        }
        return postgres;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/runnel";
    }

    /** Runs a statement on the database (for tests that look at what was stored). */
    public long count(String table) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl(), "runnel", "");
             var result = connection.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private void asOwner(String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(List.of(command));
        run(full);
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("failed: " + String.join(" ", command));
        }
    }

    @Override
    public void close() throws Exception {
        asOwner(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "stop");
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
