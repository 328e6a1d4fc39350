package io.runnel.broker.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerConfigTest {

    @Test
    void defaultsAreRedisDefaults() throws IOException {
        ServerConfig config = ServerConfig.fromArguments(new String[0]);
        assertEquals(6379, config.port());
        assertEquals("127.0.0.1", config.get("bind"));
        assertEquals("16", config.get("databases"));
        assertEquals("536870912", config.get("proto-max-bulk-len"));
        assertEquals("everysec", config.get("appendfsync"));
    }

    @Test
    void configFileThenCommandLineOverrides(@TempDir Path dir) throws IOException {
        Path included = dir.resolve("extra.conf");
        Files.writeString(included, "maxclients 77\n");
        Path file = dir.resolve("runnel.conf");
        Files.writeString(file, String.join("\n",
                "# a comment",
                "port 7000",
                "  dir \"" + dir + "\"   ",
                "save 900 1 300 10",
                "requirepass 'se cret'",
                "proto-max-bulk-len 1mb",
                "include extra.conf",
                ""));
        ServerConfig config = ServerConfig.fromArguments(new String[] {file.toString(), "--port", "7001", "--save", "60", "5"});
        assertEquals(7001, config.port());
        assertEquals(dir.toString(), config.get("dir"));
        assertEquals("60 5", config.get("save"));
        assertEquals("se cret", config.get("requirepass"));
        assertEquals("1048576", config.get("proto-max-bulk-len"));
        assertEquals("77", config.get("maxclients"));
        assertEquals(file.toAbsolutePath(), config.configFile());
    }

    @Test
    void emptySaveDisablesSnapshots() throws IOException {
        assertEquals("", ServerConfig.fromArguments(new String[] {"--save", ""}).get("save"));
    }

    @Test
    void unknownOrInvalidDirectivesStopTheStart(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.conf");
        Files.writeString(file, "no-such-directive yes\n");
        ServerConfig.ConfigException unknown = assertThrows(ServerConfig.ConfigException.class,
                () -> ServerConfig.fromArguments(new String[] {file.toString()}));
        assertTrue(unknown.getMessage().contains("no-such-directive"), unknown.getMessage());
        assertThrows(ServerConfig.ConfigException.class, () -> ServerConfig.fromArguments(new String[] {"--port", "70000"}));
        assertThrows(ServerConfig.ConfigException.class, () -> ServerConfig.fromArguments(new String[] {"--appendfsync", "sometimes"}));
        assertThrows(ServerConfig.ConfigException.class, () -> ServerConfig.fromArguments(new String[] {"port", "1"}));
    }

    @Test
    void runtimeChangesAreAllOrNothing() throws IOException {
        ServerConfig config = ServerConfig.fromArguments(new String[0]);
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> config.set(Map.of("maxclients", "50", "appendfsync", "sometimes")));
        assertTrue(error.getMessage().startsWith("ERR CONFIG SET failed (possibly related to argument 'appendfsync')"), error.getMessage());
        assertEquals("10000", config.get("maxclients"));
        IllegalStateException immutable = assertThrows(IllegalStateException.class, () -> config.set(Map.of("port", "1")));
        assertTrue(immutable.getMessage().contains("can't set immutable config"), immutable.getMessage());
        config.set(Map.of("maxclients", "50"));
        assertEquals("50", config.get("maxclients"));
    }
}
