package io.runnel.broker.keyspace;

import java.nio.charset.StandardCharsets;

/**
 * The kind of change a keyspace notification reports: the event name clients see on
 * {@code __keyevent@<db>__:<name>} and in {@code __keyspace@<db>__:<key>} messages, and the
 * class of notify-keyspace-events that enables it. Every event Runnel raises is declared here,
 * with the name Redis gives it, so that a family adding commands picks its events from one list.
 */
public final class KeyEvent {

    // ---- the classes of notify-keyspace-events, as bits ---------------------------------------
    public static final int KEYSPACE = 1;        // K
    public static final int KEYEVENT = 1 << 1;   // E
    public static final int GENERIC = 1 << 2;    // g
    public static final int STRING = 1 << 3;     // $
    public static final int LIST = 1 << 4;       // l
    public static final int SET = 1 << 5;        // s
    public static final int HASH = 1 << 6;       // h
    public static final int ZSET = 1 << 7;       // z
    public static final int EXPIRED_CLASS = 1 << 8;  // x
    public static final int EVICTED_CLASS = 1 << 9;  // e
    public static final int STREAM = 1 << 10;    // t
    public static final int KEY_MISS = 1 << 11;  // m
    public static final int MODULE = 1 << 12;    // d
    public static final int NEW_KEY = 1 << 13;   // n

    // ---- generic (g) ----------------------------------------------------------------------------
    public static final KeyEvent DEL = new KeyEvent("del", GENERIC);
    public static final KeyEvent EXPIRE = new KeyEvent("expire", GENERIC);
    public static final KeyEvent PERSIST = new KeyEvent("persist", GENERIC);
    public static final KeyEvent RENAME_FROM = new KeyEvent("rename_from", GENERIC);
    public static final KeyEvent RENAME_TO = new KeyEvent("rename_to", GENERIC);
    public static final KeyEvent COPY_TO = new KeyEvent("copy_to", GENERIC);
    public static final KeyEvent MOVE_FROM = new KeyEvent("move_from", GENERIC);
    public static final KeyEvent MOVE_TO = new KeyEvent("move_to", GENERIC);
    public static final KeyEvent RESTORE = new KeyEvent("restore", GENERIC);
    // ---- raised by the keyspace itself rather than by one command -------------------------------
    public static final KeyEvent EXPIRED = new KeyEvent("expired", EXPIRED_CLASS);
    public static final KeyEvent EVICTED = new KeyEvent("evicted", EVICTED_CLASS);
    public static final KeyEvent NEW = new KeyEvent("new", NEW_KEY);
    public static final KeyEvent KEYMISS = new KeyEvent("keymiss", KEY_MISS);
    // ---- strings ($) ----------------------------------------------------------------------------
    public static final KeyEvent SET_VALUE = new KeyEvent("set", STRING);
    public static final KeyEvent SETBIT = new KeyEvent("setbit", STRING);
    public static final KeyEvent PFADD = new KeyEvent("pfadd", STRING);
    public static final KeyEvent SETRANGE = new KeyEvent("setrange", STRING);
    public static final KeyEvent INCRBY = new KeyEvent("incrby", STRING);
    public static final KeyEvent INCRBYFLOAT = new KeyEvent("incrbyfloat", STRING);
    public static final KeyEvent APPEND = new KeyEvent("append", STRING);
    // ---- lists (l) ------------------------------------------------------------------------------
    public static final KeyEvent LPUSH = new KeyEvent("lpush", LIST);
    public static final KeyEvent RPUSH = new KeyEvent("rpush", LIST);
    public static final KeyEvent LPOP = new KeyEvent("lpop", LIST);
    public static final KeyEvent RPOP = new KeyEvent("rpop", LIST);
    public static final KeyEvent LSET = new KeyEvent("lset", LIST);
    public static final KeyEvent LINSERT = new KeyEvent("linsert", LIST);
    public static final KeyEvent LREM = new KeyEvent("lrem", LIST);
    public static final KeyEvent LTRIM = new KeyEvent("ltrim", LIST);
    public static final KeyEvent SORTSTORE = new KeyEvent("sortstore", LIST);
    // ---- sets (s) -------------------------------------------------------------------------------
    public static final KeyEvent SADD = new KeyEvent("sadd", SET);
    public static final KeyEvent SREM = new KeyEvent("srem", SET);
    public static final KeyEvent SPOP = new KeyEvent("spop", SET);
    public static final KeyEvent SINTERSTORE = new KeyEvent("sinterstore", SET);
    public static final KeyEvent SUNIONSTORE = new KeyEvent("sunionstore", SET);
    public static final KeyEvent SDIFFSTORE = new KeyEvent("sdiffstore", SET);
    // ---- sorted sets (z) -------------------------------------------------------------------------
    public static final KeyEvent ZADD = new KeyEvent("zadd", ZSET);
    public static final KeyEvent ZINCR = new KeyEvent("zincr", ZSET);
    public static final KeyEvent ZREM = new KeyEvent("zrem", ZSET);
    public static final KeyEvent ZREMRANGEBYRANK = new KeyEvent("zremrangebyrank", ZSET);
    public static final KeyEvent ZREMRANGEBYSCORE = new KeyEvent("zremrangebyscore", ZSET);
    public static final KeyEvent ZREMRANGEBYLEX = new KeyEvent("zremrangebylex", ZSET);
    public static final KeyEvent ZPOPMIN = new KeyEvent("zpopmin", ZSET);
    public static final KeyEvent ZPOPMAX = new KeyEvent("zpopmax", ZSET);
    public static final KeyEvent ZRANGESTORE = new KeyEvent("zrangestore", ZSET);
    public static final KeyEvent ZUNIONSTORE = new KeyEvent("zunionstore", ZSET);
    public static final KeyEvent ZINTERSTORE = new KeyEvent("zinterstore", ZSET);
    public static final KeyEvent ZDIFFSTORE = new KeyEvent("zdiffstore", ZSET);
    public static final KeyEvent GEORADIUSSTORE = new KeyEvent("georadiusstore", ZSET);
    public static final KeyEvent GEOSEARCHSTORE = new KeyEvent("geosearchstore", ZSET);
    // ---- hashes (h) -----------------------------------------------------------------------------
    public static final KeyEvent HSET = new KeyEvent("hset", HASH);
    public static final KeyEvent HDEL = new KeyEvent("hdel", HASH);
    public static final KeyEvent HINCRBY = new KeyEvent("hincrby", HASH);
    public static final KeyEvent HINCRBYFLOAT = new KeyEvent("hincrbyfloat", HASH);
    public static final KeyEvent HEXPIRE = new KeyEvent("hexpire", HASH);
    public static final KeyEvent HPERSIST = new KeyEvent("hpersist", HASH);
    public static final KeyEvent HEXPIRED = new KeyEvent("hexpired", HASH);
    // ---- streams (t) ----------------------------------------------------------------------------
    public static final KeyEvent XADD = new KeyEvent("xadd", STREAM);
    public static final KeyEvent XTRIM = new KeyEvent("xtrim", STREAM);
    public static final KeyEvent XDEL = new KeyEvent("xdel", STREAM);
    public static final KeyEvent XSETID = new KeyEvent("xsetid", STREAM);
    public static final KeyEvent XGROUP_CREATE = new KeyEvent("xgroup-create", STREAM);
    public static final KeyEvent XGROUP_CREATECONSUMER = new KeyEvent("xgroup-createconsumer", STREAM);
    public static final KeyEvent XGROUP_DELCONSUMER = new KeyEvent("xgroup-delconsumer", STREAM);
    public static final KeyEvent XGROUP_DESTROY = new KeyEvent("xgroup-destroy", STREAM);
    public static final KeyEvent XGROUP_SETID = new KeyEvent("xgroup-setid", STREAM);
    // Runnel's stream extensions, named after their commands as Redis names its own
    public static final KeyEvent XNACK = new KeyEvent("xnack", STREAM);
    public static final KeyEvent XCFGSET = new KeyEvent("xcfgset", STREAM);
    public static final KeyEvent XDEADLETTER = new KeyEvent("xdeadletter", STREAM);
    public static final KeyEvent XRETENTION = new KeyEvent("xretention", STREAM);
    public static final KeyEvent XSCHEDULE = new KeyEvent("xschedule", STREAM);

    private final String name;
    private final byte[] bytes;
    private final int eventClass;

    private KeyEvent(String name, int eventClass) {
        this.name = name;
        this.bytes = name.getBytes(StandardCharsets.US_ASCII);
        this.eventClass = eventClass;
    }

    public String name() {
        return name;
    }

    /** The name as the bytes published; shared, never to be changed. */
    public byte[] bytes() {
        return bytes;
    }

    /** The notify-keyspace-events class bit that enables this event. */
    public int eventClass() {
        return eventClass;
    }

    /**
     * The class bits of a notify-keyspace-events value (already validated by the configuration):
     * 'A' stands for every type class but 'n' and 'm', as in Redis.
     */
    public static int parseClasses(String value) {
        int classes = 0;
        for (int i = 0; i < value.length(); i++) {
            classes |= switch (value.charAt(i)) {
                case 'A' -> GENERIC | STRING | LIST | SET | HASH | ZSET | EXPIRED_CLASS | EVICTED_CLASS | STREAM | MODULE;
                case 'g' -> GENERIC;
                case '$' -> STRING;
                case 'l' -> LIST;
                case 's' -> SET;
                case 'h' -> HASH;
                case 'z' -> ZSET;
                case 'x' -> EXPIRED_CLASS;
                case 'e' -> EVICTED_CLASS;
                case 't' -> STREAM;
                case 'm' -> KEY_MISS;
                case 'd' -> MODULE;
                case 'n' -> NEW_KEY;
                case 'K' -> KEYSPACE;
                case 'E' -> KEYEVENT;
                default -> 0;
            };
        }
        return classes;
    }

    @Override
    public String toString() {
        return name;
    }
}
