package io.runnel.broker.script;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
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

    /**
     * redis.error_reply and redis.status_reply: a table with the one string argument under
     * {@code field}; anything else is answered (not raised) as an error table, as Redis does.
     */
    private static VarArgFunction reply(String field) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                if (args.narg() != 1 || args.arg1().type() != LuaValue.TSTRING) {
                    return LuaConversions.single("err", LuaValue.valueOf("ERR wrong number or type of arguments"));
                }
                return LuaConversions.single(field, args.arg1());
            }
        };
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
        redis.set("acl_check_cmd", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return sandbox.current.aclCheck(args);
            }
        });
        redis.set("error_reply", reply("err"));
        redis.set("status_reply", reply("ok"));
        redis.set("sha1hex", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                if (args.narg() != 1) {
                    throw failure("wrong number of arguments");
                }
                return LuaValue.valueOf(ScriptCache.sha1hex(LuaConversions.bytes(args.checkstring(1))));
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
        redis.set("setresp", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                if (args.narg() != 1) {
                    throw failure("redis.setresp() requires one argument.");
                }
                LuaValue version = args.arg1();
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
        redis.set("set_repl", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                if (args.narg() != 1) {
                    throw failure("redis.set_repl() requires two arguments.");
                }
                long flags = (long) args.arg1().tonumber().optdouble(0); // lua_tonumber: not a number is 0
                if ((flags & ~3L) != 0) {
                    throw failure("Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.");
                }
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
        redis.set("REPL_AOF", 1);
        redis.set("REPL_SLAVE", 2);
        redis.set("REPL_REPLICA", 2);
        redis.set("REPL_ALL", 3);
        return redis;
    }
}
