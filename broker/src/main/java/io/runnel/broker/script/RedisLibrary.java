package io.runnel.broker.script;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.VarArgFunction;
import org.luaj.vm2.lib.ZeroArgFunction;

/**
 * The redis table scripts use: call and pcall (served by the script running on the thread),
 * error_reply, status_reply, sha1hex, log, setresp, the replication switches Redis keeps for
 * old scripts, and the version and log level constants.
 */
final class RedisLibrary {

    /** The version scripts see in redis.REDIS_VERSION, as INFO reports it. */
    static final String VERSION = "7.2.4";

    private RedisLibrary() {
    }

    /** An error of the redis library: an error reply table, as Redis's C functions raise them (no Lua position). */
    static LuaError failure(String message) {
        return new LuaError(LuaConversions.single("err", LuaValue.valueOf("ERR " + message)));
    }

    static LuaTable create(LuaSandbox sandbox) {
        LuaTable redis = new LuaTable();
        redis.set("call", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return sandbox.current.call(args, false);
            }
        });
        redis.set("pcall", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return sandbox.current.call(args, true);
            }
        });
        redis.set("error_reply", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue message) {
                return LuaConversions.single("err", LuaValue.valueOf(message.checkjstring()));
            }
        });
        redis.set("status_reply", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue message) {
                return LuaConversions.single("ok", LuaValue.valueOf(message.checkjstring()));
            }
        });
        redis.set("sha1hex", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue text) {
                return LuaValue.valueOf(ScriptCache.sha1hex(LuaConversions.bytes(text.checkstring())));
            }
        });
        redis.set("log", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                if (args.narg() < 2) {
                    throw failure("redis.log() requires two arguments or more.");
                }
                if (!args.arg1().isnumber()) {
                    throw failure("First argument must be a number (log level).");
                }
                int level = args.arg1().toint();
                if (level < 0 || level > 3) {
                    throw failure("Invalid debug level.");
                }
                return LuaValue.NONE; // scripts' log lines are not kept
            }
        });
        redis.set("setresp", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue version) {
                int resp = version.isnumber() ? version.toint() : 0;
                if (resp != 2 && resp != 3) {
                    throw failure("RESP version must be 2 or 3.");
                }
                sandbox.current.resp(resp);
                return LuaValue.NONE;
            }
        });
        // effects are always what is replicated and journaled: these switches stay for old scripts
        redis.set("replicate_commands", new ZeroArgFunction() {
            @Override
            public LuaValue call() {
                return LuaValue.TRUE;
            }
        });
        redis.set("set_repl", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue flags) {
                flags.checkint();
                return LuaValue.NONE;
            }
        });
        redis.set("breakpoint", new ZeroArgFunction() {
            @Override
            public LuaValue call() {
                return LuaValue.FALSE;
            }
        });
        redis.set("debug", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return LuaValue.NONE;
            }
        });
        redis.set("REDIS_VERSION", VERSION);
        redis.set("REDIS_VERSION_NUM", 0x070204);
        redis.set("LOG_DEBUG", 0);
        redis.set("LOG_VERBOSE", 1);
        redis.set("LOG_NOTICE", 2);
        redis.set("LOG_WARNING", 3);
        redis.set("REPL_NONE", 0);
        redis.set("REPL_SLAVE", 1);
        redis.set("REPL_REPLICA", 1);
        redis.set("REPL_AOF", 2);
        redis.set("REPL_ALL", 3);
        return redis;
    }
}
