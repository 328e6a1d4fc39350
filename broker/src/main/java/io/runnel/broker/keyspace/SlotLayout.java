package io.runnel.broker.keyspace;

/**
 * How the 16384 hash slots are split into contiguous ranges, one per keyspace entity. The
 * entity count is a power of two that divides the slots evenly.
 */
public record SlotLayout(int entities) {

    public SlotLayout {
        if (entities < 1 || entities > Slots.COUNT || Integer.bitCount(entities) != 1) {
            throw new IllegalArgumentException("keyspace entities must be a power of two between 1 and 16384");
        }
    }

    public int slotsPerEntity() {
        return Slots.COUNT / entities;
    }

    public int entityOfSlot(int slot) {
        return slot / slotsPerEntity();
    }

    public int entityOf(byte[] key) {
        return entityOfSlot(Slots.slot(key));
    }

    /**
     * The entity a SCAN cursor names in its low bits (see KeyCommands); an invalid cursor goes
     * to entity 0, which replies with the error.
     */
    public int entityOfCursor(byte[] cursor) {
        Long parsed = Numbers.parseScanCursor(cursor);
        return parsed == null ? 0 : (int) (parsed & (entities() - 1));
    }

    public int firstSlot(int entity) {
        return entity * slotsPerEntity();
    }

    public int lastSlot(int entity) {
        return firstSlot(entity) + slotsPerEntity() - 1;
    }
}
