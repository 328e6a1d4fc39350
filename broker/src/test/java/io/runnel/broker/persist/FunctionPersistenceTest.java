package io.runnel.broker.persist;

import io.runnel.broker.RunnelServer;
import io.runnel.broker.testing.RawClient;
import io.runnel.broker.testing.RunnelTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Function libraries survive a restart: through their journal with appendonly yes (every
 * change, each answered once written), through the dump file without one (what the last save
 * held, as Redis keeps functions in its RDB file).
 */
class FunctionPersistenceTest {

    @TempDir
    Path dir;

    private static final String GREETER = "#!lua name=greeter\nredis.register_function('greet', function(keys, args) "
            + "return 'hello ' .. args[1] end)";
    private static final String COUNTER = "#!lua name=counter\nredis.register_function{function_name='bump', "
            + "callback=function(keys) return redis.call('INCR', keys[1]) end, description='adds one'}";

    @Test
    void theJournalKeepsEveryChange() throws Exception {
        String[] arguments = {"--port", "0", "--appendonly", "yes", "--dir", dir.toString()};
        RunnelServer server = RunnelTestServer.start(arguments);
        try (RawClient client = new RawClient(server.port())) {
            assertEquals("$7\r\ngreeter\r\n", client.callText("FUNCTION", "LOAD", GREETER));
            assertEquals("$7\r\ncounter\r\n", client.callText("FUNCTION", "LOAD", COUNTER));
            assertEquals(":1\r\n", client.callText("FCALL", "bump", "1", "hits"));
            assertEquals("+OK\r\n", client.callText("FUNCTION", "DELETE", "greeter"));
            assertEquals("$7\r\ngreeter\r\n", client.callText("FUNCTION", "LOAD", GREETER.replace("hello", "hi")));
        } finally {
            server.close();
        }
        server = RunnelTestServer.start(arguments);
        try (RawClient client = new RawClient(server.port())) {
            assertEquals("$6\r\nhi you\r\n", client.callText("FCALL", "greet", "0", "you"));
            assertEquals(":2\r\n", client.callText("FCALL", "bump", "1", "hits"));
            assertTrue(client.callText("FUNCTION", "LIST", "LIBRARYNAME", "counter").contains("adds one"));
            assertEquals("+OK\r\n", client.callText("FUNCTION", "FLUSH"));
        } finally {
            server.close();
        }
        server = RunnelTestServer.start(arguments);
        try (RawClient client = new RawClient(server.port())) {
            assertEquals("*0\r\n", client.callText("FUNCTION", "LIST"));
        } finally {
            server.close();
        }
    }

    @Test
    void theDumpFileKeepsWhatTheLastSaveHeld() throws Exception {
        String[] arguments = {"--port", "0", "--appendonly", "no", "--save", "", "--dir", dir.toString()};
        RunnelServer server = RunnelTestServer.start(arguments);
        try (RawClient client = new RawClient(server.port())) {
            client.call("FUNCTION", "LOAD", GREETER);
            client.call("SET", "k", "v");
            assertEquals("+OK\r\n", client.callText("SAVE"));
            client.call("FUNCTION", "LOAD", COUNTER);
        } finally {
            server.close(); // an embedded server stops without saving
        }
        server = RunnelTestServer.start(arguments);
        try (RawClient client = new RawClient(server.port())) {
            assertEquals("$9\r\nhello you\r\n", client.callText("FCALL", "greet", "0", "you"));
            assertEquals("-ERR Function not found\r\n", client.callText("FCALL", "bump", "1", "hits"));
            assertEquals("$1\r\nv\r\n", client.callText("GET", "k"));
        } finally {
            server.close();
        }
    }
}
