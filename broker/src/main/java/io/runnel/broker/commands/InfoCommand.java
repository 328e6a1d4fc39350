package io.runnel.broker.commands;

import io.runnel.broker.ProcessStats;
import io.runnel.broker.ServerContext;
import io.runnel.broker.ServerStats;
import io.runnel.broker.command.Args;
import io.runnel.broker.command.CommandContext;
import io.runnel.broker.command.CommandFamily;
import io.runnel.broker.command.CommandRegistry;
import io.runnel.broker.command.CommandSpec;
import io.runnel.broker.command.CommandStats;
import io.runnel.broker.command.Route;
import io.runnel.broker.keyspace.KeyspaceStats;
import io.runnel.protocol.RespWriter;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/** INFO: the server's state in Redis's "# Section" / "field:value" text format. */
public final class InfoCommand implements CommandFamily {

    private static final List<String> DEFAULT_SECTIONS = List.of("server", "clients", "memory", "persistence", "stats",
            "replication", "cpu", "modules", "errorstats", "cluster", "keyspace");
    private static final List<String> ALL_SECTIONS = List.of("server", "clients", "memory", "persistence", "stats",
            "replication", "cpu", "modules", "commandstats", "errorstats", "cluster", "keyspace");
    private static final Map<String, String> HEADINGS = Map.ofEntries(Map.entry("server", "Server"),
            Map.entry("clients", "Clients"), Map.entry("memory", "Memory"), Map.entry("persistence", "Persistence"),
            Map.entry("stats", "Stats"), Map.entry("replication", "Replication"), Map.entry("cpu", "CPU"),
            Map.entry("modules", "Modules"), Map.entry("commandstats", "Commandstats"),
            Map.entry("errorstats", "Errorstats"), Map.entry("cluster", "Cluster"), Map.entry("keyspace", "Keyspace"));

    @Override
    public void register(CommandRegistry r) {
        r.command("info", Route.SESSION, "Reports the server's state and statistics.", InfoCommand::info);
    }

    private static void info(CommandContext ctx, Args args, RespWriter out) {
        Set<String> wanted = new LinkedHashSet<>();
        if (!args.hasNext()) {
            wanted.addAll(DEFAULT_SECTIONS);
        }
        while (args.hasNext()) {
            String section = Args.text(args.next()).toLowerCase(Locale.ROOT);
            switch (section) {
                case "default" -> wanted.addAll(DEFAULT_SECTIONS);
                case "all", "everything" -> wanted.addAll(ALL_SECTIONS);
                default -> wanted.add(section);
            }
        }
        StringBuilder text = new StringBuilder();
        for (String section : ALL_SECTIONS) {
            if (wanted.contains(section)) {
                if (text.length() > 0) {
                    text.append("\r\n");
                }
                text.append("# ").append(HEADINGS.get(section)).append("\r\n");
                section(ctx.server(), section, (k, v) -> text.append(k).append(':').append(v).append("\r\n"));
            }
        }
        out.verbatim("txt", text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Writes one section's fields, named and ordered as Redis 7.0 has them. */
    private static void section(ServerContext server, String name, BiConsumer<String, Object> field) {
        switch (name) {
            case "server" -> server(server, field);
            case "clients" -> {
                field.accept("connected_clients", server.clients().count());
                field.accept("cluster_connections", 0);
                field.accept("maxclients", server.config().get("maxclients"));
                field.accept("client_recent_max_input_buffer", 0);
                field.accept("client_recent_max_output_buffer", 0);
                field.accept("blocked_clients", server.stats().blockedClients());
                field.accept("tracking_clients", 0);
                field.accept("pubsub_clients", server.clients().all().stream().filter(c -> c.clientType().equals("pubsub")).count());
                field.accept("clients_in_timeout_table", 0);
            }
            case "memory" -> memory(server, field);
            case "persistence" -> {
                field.accept("loading", server.loading() ? 1 : 0);
                field.accept("async_loading", 0);
                io.runnel.broker.persist.SnapshotService saves = server.persistence();
                field.accept("rdb_changes_since_last_save", saves.changesSinceLastSave());
                field.accept("rdb_bgsave_in_progress", saves.saving() ? 1 : 0);
                field.accept("rdb_last_save_time", saves.lastSaveSeconds());
                field.accept("rdb_last_bgsave_status", saves.lastSaveOk() ? "ok" : "err");
                field.accept("rdb_last_bgsave_time_sec", saves.lastSaveDurationSeconds());
                field.accept("rdb_current_bgsave_time_sec", saves.currentSeconds(io.runnel.broker.persist.SnapshotService.Kind.SAVE));
                field.accept("rdb_saves", saves.saves());
                field.accept("aof_enabled", server.config().getBool("appendonly") ? 1 : 0);
                field.accept("aof_rewrite_in_progress", saves.rewriting() ? 1 : 0);
                field.accept("aof_rewrite_scheduled", saves.rewriteScheduled() ? 1 : 0);
                field.accept("aof_last_rewrite_time_sec", saves.lastRewriteDurationSeconds());
                field.accept("aof_current_rewrite_time_sec", saves.currentSeconds(io.runnel.broker.persist.SnapshotService.Kind.REWRITE));
                field.accept("aof_last_bgrewrite_status", saves.lastRewriteOk() ? "ok" : "err");
                field.accept("aof_rewrites", saves.rewrites());
                field.accept("aof_rewrites_consecutive_failures", 0);
                field.accept("aof_last_write_status", saves.journalWritesOk() ? "ok" : "err");
            }
            case "stats" -> stats(server, field);
            case "replication" -> {
                field.accept("role", "master");
                field.accept("connected_slaves", 0);
                field.accept("master_failover_state", "no-failover");
                field.accept("master_replid", server.runId());
                field.accept("master_replid2", "0000000000000000000000000000000000000000");
                field.accept("master_repl_offset", 0);
                field.accept("second_repl_offset", -1);
                field.accept("repl_backlog_active", 0);
                field.accept("repl_backlog_size", 1048576);
                field.accept("repl_backlog_first_byte_offset", 0);
                field.accept("repl_backlog_histlen", 0);
            }
            case "cpu" -> {
                double[] cpu = ProcessStats.cpuSeconds();
                field.accept("used_cpu_sys", seconds(cpu[1]));
                field.accept("used_cpu_user", seconds(cpu[0]));
                field.accept("used_cpu_sys_children", seconds(cpu[3]));
                field.accept("used_cpu_user_children", seconds(cpu[2]));
            }
            case "commandstats" -> commandstats(server, field);
            case "errorstats" -> server.stats().errorsByCode()
                    .forEach((code, count) -> field.accept("errorstat_" + code, "count=" + count));
            case "cluster" -> field.accept("cluster_enabled", 0);
            case "keyspace" -> {
                KeyspaceStats keyspace = server.keyspaceStats();
                long now = System.currentTimeMillis();
                for (int db = 0; db < keyspace.databases(); db++) {
                    long keys = keyspace.keys(db);
                    if (keys > 0) {
                        field.accept("db" + db, "keys=" + keys + ",expires=" + keyspace.expires(db)
                                + ",avg_ttl=" + keyspace.averageTtl(db, now));
                    }
                }
            }
            default -> {
            }
        }
    }

    private static void server(ServerContext server, BiConsumer<String, Object> field) {
        long now = System.currentTimeMillis();
        long uptime = (now - server.startedAtMillis()) / 1000;
        field.accept("redis_version", ServerContext.REDIS_VERSION);
        field.accept("runnel_version", ServerContext.RUNNEL_VERSION);
        field.accept("redis_git_sha1", "00000000");
        field.accept("redis_git_dirty", 0);
        field.accept("redis_build_id", "0");
        field.accept("redis_mode", "standalone");
        field.accept("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + machine());
        field.accept("arch_bits", 64);
        field.accept("monotonic_clock", "POSIX clock_gettime");
        field.accept("multiplexing_api", "epoll");
        field.accept("atomicvar_api", "c11-builtin");
        field.accept("gcc_version", "0.0.0");
        field.accept("java_version", System.getProperty("java.version"));
        field.accept("process_id", ProcessHandle.current().pid());
        field.accept("process_supervised", "no");
        field.accept("run_id", server.runId());
        field.accept("tcp_port", server.boundPort());
        field.accept("server_time_usec", now * 1000);
        field.accept("uptime_in_seconds", uptime);
        field.accept("uptime_in_days", uptime / 86400);
        field.accept("hz", server.config().get("hz"));
        field.accept("configured_hz", server.config().get("hz"));
        field.accept("lru_clock", (now / 1000) & ((1 << 24) - 1));
        field.accept("executable", System.getProperty("user.dir") + "/runnel-server");
        field.accept("config_file", server.config().configFile() == null ? "" : server.config().configFile());
        field.accept("io_threads_active", 0);
    }

    /** The machine name as uname reports it (Java says amd64 where uname says x86_64). */
    private static String machine() {
        String arch = System.getProperty("os.arch");
        return arch.equals("amd64") ? "x86_64" : arch;
    }

    private static void memory(ServerContext server, BiConsumer<String, Object> field) {
        long used = server.stats().usedMemory();
        long peak = Math.max(used, server.stats().usedMemoryPeak());
        long rss = ProcessStats.residentBytes();
        String maxmemory = server.config().get("maxmemory");
        field.accept("used_memory", used);
        field.accept("used_memory_human", human(used));
        field.accept("used_memory_rss", rss);
        field.accept("used_memory_rss_human", human(rss));
        field.accept("used_memory_peak", peak);
        field.accept("used_memory_peak_human", human(peak));
        field.accept("used_memory_peak_perc", String.format(Locale.ROOT, "%.2f%%", peak == 0 ? 0.0 : used * 100.0 / peak));
        field.accept("used_memory_startup", server.startupMemory());
        field.accept("total_system_memory", totalSystemMemory());
        field.accept("total_system_memory_human", human(totalSystemMemory()));
        field.accept("maxmemory", maxmemory);
        field.accept("maxmemory_human", human(Long.parseUnsignedLong(maxmemory)));
        field.accept("maxmemory_policy", server.config().get("maxmemory-policy"));
        field.accept("mem_fragmentation_ratio", String.format(Locale.ROOT, "%.2f", used == 0 ? 0.0 : (double) rss / used));
        field.accept("mem_fragmentation_bytes", rss - used);
        field.accept("mem_allocator", "jvm");
        field.accept("heap_max", Runtime.getRuntime().maxMemory());
    }

    private static void stats(ServerContext server, BiConsumer<String, Object> field) {
        KeyspaceStats keyspace = server.keyspaceStats();
        ServerStats stats = server.stats();
        field.accept("total_connections_received", stats.connectionsReceived());
        field.accept("total_commands_processed", stats.commandsProcessed());
        field.accept("instantaneous_ops_per_sec", stats.instantaneousOpsPerSecond());
        field.accept("total_net_input_bytes", stats.bytesIn());
        field.accept("total_net_output_bytes", stats.bytesOut());
        field.accept("instantaneous_input_kbps", String.format(Locale.ROOT, "%.2f", stats.instantaneousInputKbps()));
        field.accept("instantaneous_output_kbps", String.format(Locale.ROOT, "%.2f", stats.instantaneousOutputKbps()));
        field.accept("rejected_connections", stats.connectionsRejected());
        field.accept("expired_keys", keyspace.expiredKeys());
        field.accept("evicted_keys", 0);
        field.accept("keyspace_hits", keyspace.hits());
        field.accept("keyspace_misses", keyspace.misses());
        io.runnel.broker.pubsub.ChannelRegistry pubsub = server.pubSub().registry();
        field.accept("pubsub_channels", pubsub.active(io.runnel.broker.pubsub.Subscriptions.Kind.CHANNEL, null).size());
        field.accept("pubsub_patterns", pubsub.patterns());
        field.accept("pubsubshard_channels", pubsub.active(io.runnel.broker.pubsub.Subscriptions.Kind.SHARD_CHANNEL, null).size());
        field.accept("total_error_replies", stats.errorReplies());
        field.accept("total_reads_processed", stats.readsProcessed());
        field.accept("total_writes_processed", stats.writesProcessed());
    }

    private static void commandstats(ServerContext server, BiConsumer<String, Object> field) {
        List<CommandSpec> specs = new ArrayList<>();
        for (CommandSpec spec : server.commands().all()) {
            specs.add(spec);
            specs.addAll(spec.subcommands().values());
        }
        for (CommandSpec spec : specs) {
            CommandStats stats = spec.stats();
            long calls = stats.calls();
            if (calls == 0 && stats.rejectedCalls() == 0 && stats.failedCalls() == 0) {
                continue;
            }
            field.accept("cmdstat_" + spec.fullName(), "calls=" + calls + ",usec=" + stats.micros()
                    + ",usec_per_call=" + String.format(Locale.ROOT, "%.2f", calls == 0 ? 0.0 : (double) stats.micros() / calls)
                    + ",rejected_calls=" + stats.rejectedCalls() + ",failed_calls=" + stats.failedCalls());
        }
    }

    private static String seconds(double value) {
        return String.format(Locale.ROOT, "%.6f", value);
    }

    private static long totalSystemMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getTotalMemorySize();
        }
        return 0;
    }

    /** Bytes as Redis shows them for humans: B below 1 KiB, then K, M, G, T, P with two decimals. */
    static String human(long bytes) {
        double n = bytes >= 0 ? bytes : bytes + 0x1p64; // maxmemory is unsigned
        if (n < 1024) {
            return bytes + "B";
        }
        String[] units = {"K", "M", "G", "T", "P"};
        for (String unit : units) {
            n /= 1024;
            if (n < 1024) {
                return String.format(Locale.ROOT, "%.2f%s", n, unit);
            }
        }
        return Long.toUnsignedString(bytes) + "B";
    }
}
