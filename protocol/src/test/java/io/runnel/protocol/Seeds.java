package io.runnel.protocol;

/** Seeds for randomized tests: printed, and taken from {@code -Drunnel.seed=...} to replay one. */
final class Seeds {

    private Seeds() {
    }

    static long seed(String test) {
        String fixed = System.getProperty("runnel.seed");
        long seed = fixed != null && !fixed.isBlank() ? Long.parseLong(fixed.trim()) : System.nanoTime() ^ System.identityHashCode(test);
        System.out.println("seed=" + seed + " (" + test + "; replay with -Drunnel.seed=" + seed + ")");
        return seed;
    }
}
