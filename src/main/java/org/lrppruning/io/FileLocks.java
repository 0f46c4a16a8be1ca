package org.lrppruning.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Exclusive locks on a lock file that hold across processes (an OS lock, {@link FileChannel#lock()})
 * and across the threads of this JVM. The OS lock is the whole JVM's: a second channel of the same
 * process would not wait for it but fail, so an in-process lock per file is taken first; and on
 * POSIX systems closing <em>any</em> descriptor of the file drops the process's lock, so the lock
 * file is a file of its own that only this class opens, and only while it holds the in-process
 * lock. The empty lock file stays: deleting it could let two writers lock two different files.
 */
public final class FileLocks {
    private FileLocks() {}

    /** One in-process lock per file, by its real path (the file exists once it is opened). */
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    /** A held lock; closing releases it. */
    public static final class Held implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;
        private final ReentrantLock local;

        private Held(FileChannel channel, FileLock lock, ReentrantLock local) {
            this.channel = channel;
            this.lock = lock;
            this.local = local;
        }

        @Override
        public void close() throws IOException {
            try {
                lock.release();
            } finally {
                try {
                    channel.close();
                } finally {
                    local.unlock();
                }
            }
        }
    }

    /** Waits for the lock on {@code file} (created empty if missing; its folder must exist). */
    public static Held lock(Path file) throws IOException {
        return acquire(file, true);
    }

    /** The lock on {@code file} (created if missing), or null when another thread or process holds it. */
    public static Held tryLock(Path file) throws IOException {
        return acquire(file, false);
    }

    private static Held acquire(Path file, boolean wait) throws IOException {
        Path abs = file.toAbsolutePath();
        Path parent = abs.getParent();
        Path key = parent == null ? abs : parent.toRealPath().resolve(abs.getFileName());
        ReentrantLock local = IN_PROCESS.computeIfAbsent(key, k -> new ReentrantLock());
        if (local.isHeldByCurrentThread()) {
            if (wait) {
                throw new IllegalStateException("lock on " + file + " is already held by this thread");
            }
            return null;
        }
        try {
            if (wait) {
                local.lockInterruptibly();
            } else if (!local.tryLock()) {
                return null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.nio.channels.ClosedByInterruptException();
        }
        FileChannel ch = null;
        FileLock os = null;
        try {
            ch = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            os = wait ? ch.lock() : ch.tryLock();
            return os == null ? null : new Held(ch, os, local);
        } finally {
            if (os == null) {
                try {
                    if (ch != null) {
                        ch.close();
                    }
                } finally {
                    local.unlock();
                }
            }
        }
    }
}
