package io.runnel.broker.session;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Every connected client, by id: for CLIENT LIST and KILL, INFO clients and maxclients. */
public final class ClientRegistry {

    private final ConcurrentHashMap<Long, ClientSession> sessions = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    public long nextId() {
        return ids.incrementAndGet();
    }

    public void add(ClientSession session) {
        sessions.put(session.id(), session);
    }

    public void remove(ClientSession session) {
        sessions.remove(session.id());
    }

    public int count() {
        return sessions.size();
    }

    public ClientSession get(long id) {
        return sessions.get(id);
    }

    /** The clients in id order, as CLIENT LIST shows them. */
    public List<ClientSession> all() {
        List<ClientSession> list = new ArrayList<>(sessions.values());
        list.sort(Comparator.comparingLong(ClientSession::id));
        return list;
    }
}
