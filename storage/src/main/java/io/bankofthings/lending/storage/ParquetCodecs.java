package io.bankofthings.lending.storage;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Compression codecs for Parquet pages built directly on zstd-jni and snappy-java, so neither writing nor reading
 * needs Hadoop's codec classes.
 */
final class ParquetCodecs implements CompressionCodecFactory {

    /** ZSTD level used for writing; 3 is zstd's default balance of speed and size. */
    static final int ZSTD_LEVEL = 3;

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        return new Compressor(codec);
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        return new Decompressor(codec);
    }

    @Override
    public void release() {
        // the codecs hold no native resources between calls
    }

    private static UnsupportedOperationException unsupported(CompressionCodecName codec) {
        return new UnsupportedOperationException(
                "Unsupported Parquet codec %s; supported: UNCOMPRESSED, SNAPPY, ZSTD".formatted(codec));
    }

    private record Compressor(CompressionCodecName codec) implements BytesInputCompressor {

        Compressor {
            if (codec != CompressionCodecName.UNCOMPRESSED
                    && codec != CompressionCodecName.SNAPPY
                    && codec != CompressionCodecName.ZSTD) {
                throw unsupported(codec);
            }
        }

        @Override
        public BytesInput compress(BytesInput bytes) throws IOException {
            return switch (codec) {
                case UNCOMPRESSED -> bytes;
                case SNAPPY -> BytesInput.from(Snappy.compress(bytes.toByteArray()));
                case ZSTD -> BytesInput.from(Zstd.compress(bytes.toByteArray(), ZSTD_LEVEL));
                default -> throw unsupported(codec);
            };
        }

        @Override
        public CompressionCodecName getCodecName() {
            return codec;
        }

        @Override
        public void release() {
            // nothing to release
        }
    }

    private record Decompressor(CompressionCodecName codec) implements BytesInputDecompressor {

        @Override
        public BytesInput decompress(BytesInput bytes, int decompressedSize) throws IOException {
            return BytesInput.from(decompress(bytes.toByteArray(), decompressedSize));
        }

        @Override
        public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int decompressedSize)
                throws IOException {
            byte[] compressed = new byte[compressedSize];
            input.duplicate().get(compressed);
            output.put(decompress(compressed, decompressedSize));
        }

        private byte[] decompress(byte[] compressed, int decompressedSize) throws IOException {
            byte[] result = switch (codec) {
                case UNCOMPRESSED -> compressed;
                case SNAPPY -> Snappy.uncompress(compressed);
                case ZSTD -> Zstd.decompress(compressed, decompressedSize);
                default -> throw unsupported(codec);
            };
            if (result.length != decompressedSize) {
                throw new IOException("Parquet page decompressed with %s to %d bytes, expected %d"
                        .formatted(codec, result.length, decompressedSize));
            }
            return result;
        }

        @Override
        public void release() {
            // nothing to release
        }
    }
}
