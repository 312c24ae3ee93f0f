package io.latchkey.server.config;

import java.util.Map;

/**
 * How member passwords are hashed: Argon2id with these parameters, on a pool of {@code threads}
 * with at most {@code queue} waiting hashes (a flood beyond that is answered 429 at once instead of
 * holding request threads and memory). A stored hash made with other parameters is rehashed with
 * these at the member's next successful login. Immutable.
 *
 * <p>The floor is OWASP's minimum for Argon2id: memory times iterations of at least 19 MiB x 2,
 * with at least 7 MiB of memory (OWASP's smallest configuration is 7 MiB x 5).
 *
 * @param memoryKib Argon2 memory in KiB (LATCHKEY_PASSWORD_MEMORY_KIB, default 19456)
 * @param iterations Argon2 passes (LATCHKEY_PASSWORD_ITERATIONS, default 2)
 * @param parallelism Argon2 lanes (LATCHKEY_PASSWORD_PARALLELISM, default 1)
 * @param threads hashes computed at once (LATCHKEY_PASSWORD_HASH_THREADS, default: the cores, but
 *     no more than a third of the heap bound holds, since each hash keeps its memory on the heap)
 * @param queue hashes waiting for a thread before new ones are refused (LATCHKEY_PASSWORD_HASH_QUEUE)
 */
public record PasswordHashing(int memoryKib, int iterations, int parallelism, int threads, int queue) {
    public static final int OWASP_MEMORY_KIB = 19 * 1024;
    public static final int OWASP_ITERATIONS = 2;
    static final int MIN_MEMORY_KIB = 7 * 1024;

    public PasswordHashing {
        if (iterations < 1 || parallelism < 1 || parallelism > 16) {
            throw new SettingsException(
                    "LATCHKEY_PASSWORD_ITERATIONS must be at least 1 and LATCHKEY_PASSWORD_PARALLELISM between 1 and 16");
        }
        if (memoryKib < MIN_MEMORY_KIB
                || (long) memoryKib * iterations < (long) OWASP_MEMORY_KIB * OWASP_ITERATIONS
                || memoryKib > 4 * 1024 * 1024) {
            throw new SettingsException("LATCHKEY_PASSWORD_MEMORY_KIB x LATCHKEY_PASSWORD_ITERATIONS must be at least"
                    + " OWASP's minimum for Argon2id (19456 KiB x 2), with at least 7168 KiB and at most 4 GiB");
        }
        if (threads < 1 || threads > 256 || queue < 0 || queue > 100_000) {
            throw new SettingsException(
                    "LATCHKEY_PASSWORD_HASH_THREADS must be between 1 and 256 and LATCHKEY_PASSWORD_HASH_QUEUE between 0 and 100000");
        }
    }

    /** OWASP's minimum (19 MiB, 2 iterations, 1 lane), a thread per core as far as the heap allows. */
    public static PasswordHashing defaults() {
        int cores = Runtime.getRuntime().availableProcessors();
        return new PasswordHashing(OWASP_MEMORY_KIB, OWASP_ITERATIONS, 1, defaultThreads(OWASP_MEMORY_KIB), 32 * cores);
    }

    /**
     * A thread per core, but no more hashes at once than a third of the heap bound holds: the
     * hashing library keeps each hash's whole memory on the heap, so on a many-core machine with
     * the launcher's small heap a burst of logins would otherwise run the heap out.
     */
    static int defaultThreads(int memoryKib) {
        int cores = Runtime.getRuntime().availableProcessors();
        long fits = Runtime.getRuntime().maxMemory() / 3 / (memoryKib * 1024L);
        return (int) Math.max(1, Math.min(cores, fits));
    }

    /** The same pool with other Argon2 parameters. */
    public PasswordHashing withArgon2(int memoryKib, int iterations, int parallelism) {
        return new PasswordHashing(memoryKib, iterations, parallelism, threads, queue);
    }

    /** The same Argon2 parameters on another pool. */
    public PasswordHashing withPool(int threads, int queue) {
        return new PasswordHashing(memoryKib, iterations, parallelism, threads, queue);
    }

    public static PasswordHashing fromEnv(Map<String, String> env) {
        PasswordHashing d = defaults();
        int memoryKib = Settings.intSetting(env, "LATCHKEY_PASSWORD_MEMORY_KIB", d.memoryKib());
        return new PasswordHashing(
                memoryKib,
                Settings.intSetting(env, "LATCHKEY_PASSWORD_ITERATIONS", d.iterations()),
                Settings.intSetting(env, "LATCHKEY_PASSWORD_PARALLELISM", d.parallelism()),
                Settings.intSetting(
                        env, "LATCHKEY_PASSWORD_HASH_THREADS", memoryKib > 0 ? defaultThreads(memoryKib) : 1),
                Settings.intSetting(env, "LATCHKEY_PASSWORD_HASH_QUEUE", d.queue()));
    }
}
