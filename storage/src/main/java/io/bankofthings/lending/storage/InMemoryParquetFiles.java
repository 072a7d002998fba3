package io.bankofthings.lending.storage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.SeekableInputStream;

/** Parquet input and output files held in a byte array, so objects move to and from S3 without temporary files. */
final class InMemoryParquetFiles {

    private InMemoryParquetFiles() {}

    /** An output file that collects the written bytes; call {@link #toByteArray()} after the writer is closed. */
    static final class Output implements OutputFile {

        private final Bytes bytes = new Bytes();

        @Override
        public PositionOutputStream create(long blockSizeHint) {
            return createOrOverwrite(blockSizeHint);
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) {
            bytes.reset();
            return new PositionOutputStream() {
                @Override
                public long getPos() {
                    return bytes.size();
                }

                @Override
                public void write(int b) {
                    bytes.write(b);
                }

                @Override
                public void write(byte[] buffer, int offset, int length) {
                    bytes.write(buffer, offset, length);
                }
            };
        }

        @Override
        public boolean supportsBlockSize() {
            return false;
        }

        @Override
        public long defaultBlockSize() {
            return 0;
        }

        byte[] toByteArray() {
            return bytes.toByteArray();
        }

        /** Returns the number of bytes written. */
        int size() {
            return bytes.size();
        }

        /** Returns a stream over the written bytes without copying them (for an upload of a large object). */
        InputStream inputStream() {
            return bytes.inputStream();
        }
    }

    private static final class Bytes extends ByteArrayOutputStream {

        synchronized InputStream inputStream() {
            return new ByteArrayInputStream(buf, 0, count);
        }
    }

    /** An input file over a complete Parquet file in memory. */
    record Input(byte[] content) implements InputFile {

        @Override
        public long getLength() {
            return content.length;
        }

        @Override
        public SeekableInputStream newStream() {
            SeekableBytes stream = new SeekableBytes(content);
            return new DelegatingSeekableInputStream(stream) {
                @Override
                public long getPos() {
                    return stream.position();
                }

                @Override
                public void seek(long newPos) throws IOException {
                    stream.seek(newPos);
                }
            };
        }
    }

    private static final class SeekableBytes extends ByteArrayInputStream {

        SeekableBytes(byte[] content) {
            super(content);
        }

        synchronized long position() {
            return pos;
        }

        synchronized void seek(long newPos) throws IOException {
            if (newPos < 0 || newPos > count) {
                throw new IOException("Seek position %d outside file of %d bytes".formatted(newPos, count));
            }
            pos = (int) newPos;
        }
    }
}
