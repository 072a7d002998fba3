package io.bankofthings.lending.storage;

import java.io.IOException;
import java.io.InputStream;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/**
 * Opens Parquet objects of the store as Parquet {@link InputFile}s: an object smaller than
 * {@link ReadSettings#wholeObjectBelow()} is fetched whole in one GET, a larger one is read by byte ranges, so Parquet
 * fetches only the footer and the column chunks of the row groups its filter keeps.
 */
final class S3InputFiles {

    /**
     * Most bytes fetched at once when Parquet first reads near the end of an object (the footer and its length), at
     * most the read-ahead.
     */
    static final int TAIL_BYTES = 64 * 1024;

    private final ObjectStore store;
    private final ReadSettings settings;

    S3InputFiles(ObjectStore store, ReadSettings settings) {
        this.store = store;
        this.settings = settings;
    }

    /** Opens {@code object} as listed (its size from the listing). */
    InputFile open(StoredObject object) {
        if (object.size() < settings.wholeObjectBelow().toBytes()) {
            return new InMemoryParquetFiles.Input(store.get(object.key()));
        }
        return new Ranged(store, object.key(), object.size(), (int) settings.readAhead().toBytes());
    }

    /** Opens the object under {@code key}, asking the store for its size first. */
    InputFile open(String key) {
        return open(new StoredObject(key, store.size(key)));
    }

    /** Opens the object under {@code key} of {@code size} bytes by byte ranges, whatever its size. */
    InputFile ranged(String key, long size) {
        return new Ranged(store, key, size, (int) settings.readAhead().toBytes());
    }

    /** An object read by ranged GETs; each stream keeps one buffer of at least {@code readAhead} bytes. */
    record Ranged(ObjectStore store, String key, long length, int readAhead) implements InputFile {

        @Override
        public long getLength() {
            return length;
        }

        @Override
        public SeekableInputStream newStream() {
            RangeStream stream = new RangeStream(this);
            return new DelegatingSeekableInputStream(stream) {
                @Override
                public long getPos() {
                    return stream.position;
                }

                @Override
                public void seek(long newPos) throws IOException {
                    stream.seek(newPos);
                }
            };
        }

        @Override
        public String toString() {
            return key;
        }
    }

    /**
     * Serves reads from a buffer filled by one ranged GET; a read larger than the read-ahead (a column chunk) is
     * fetched straight into the caller's array (less what the buffer holds of its end: a footer after its tail), a first read in the last {@link #TAIL_BYTES} (or read-ahead) fetches that whole tail.
     */
    private static final class RangeStream extends InputStream {

        private final Ranged file;
        private long position;
        private byte[] buffer = new byte[0];
        private long bufferStart;
        private int bufferLength;

        RangeStream(Ranged file) {
            this.file = file;
        }

        void seek(long newPos) throws IOException {
            if (newPos < 0 || newPos > file.length()) {
                throw new IOException("Seek position %d outside object %s of %d bytes".formatted(newPos, file.key(), file.length()));
            }
            position = newPos;
        }

        @Override
        public int read() {
            if (position >= file.length()) {
                return -1;
            }
            if (!buffered(position)) {
                fill(position);
            }
            return buffer[(int) (position++ - bufferStart)] & 0xff;
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            if (length == 0) {
                return 0;
            }
            if (position >= file.length()) {
                return -1;
            }
            int wanted = (int) Math.min(length, file.length() - position);
            if (!buffered(position)) {
                if (wanted >= file.readAhead()) {
                    long end = position + wanted;
                    boolean endsInBuffer = bufferLength > 0 && position < bufferStart && end > bufferStart
                            && end <= bufferStart + bufferLength;
                    int direct = endsInBuffer ? (int) (bufferStart - position) : wanted;
                    file.store().read(file.key(), position, target, offset, direct);
                    System.arraycopy(buffer, 0, target, offset + direct, wanted - direct);
                    position += wanted;
                    return wanted;
                }
                fill(position);
            }
            int served = (int) Math.min(wanted, bufferStart + bufferLength - position);
            System.arraycopy(buffer, (int) (position - bufferStart), target, offset, served);
            position += served;
            return served;
        }

        @Override
        public long skip(long n) {
            long skipped = Math.max(0, Math.min(n, file.length() - position));
            position += skipped;
            return skipped;
        }

        @Override
        public int available() {
            return buffered(position) ? (int) (bufferStart + bufferLength - position) : 0;
        }

        private boolean buffered(long at) {
            return at >= bufferStart && at < bufferStart + bufferLength;
        }

        private void fill(long at) {
            int tailBytes = Math.min(TAIL_BYTES, file.readAhead());
            boolean tail = at >= file.length() - tailBytes;
            long start = tail ? Math.max(0, file.length() - tailBytes) : at;
            int length = (int) (tail ? file.length() - start : Math.min(file.readAhead(), file.length() - start));
            if (buffer.length < length) {
                buffer = new byte[length];
            }
            file.store().read(file.key(), start, buffer, 0, length);
            bufferStart = start;
            bufferLength = length;
        }
    }
}
