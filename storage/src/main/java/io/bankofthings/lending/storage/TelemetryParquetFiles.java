package io.bankofthings.lending.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/** Encodes readings as one ZSTD-compressed Parquet file in memory and decodes such files. */
final class TelemetryParquetFiles {

    /** Codec of every written file. */
    static final CompressionCodecName CODEC = CompressionCodecName.ZSTD;

    private static final ParquetCodecs CODECS = new ParquetCodecs();

    private TelemetryParquetFiles() {}

    /** Returns the bytes of a Parquet file holding {@code readings} in the given order. */
    static byte[] encode(List<TelemetryReading> readings) {
        InMemoryParquetFiles.Output file = new InMemoryParquetFiles.Output();
        try (ParquetWriter<GenericRecord> writer = AvroParquetWriter.<GenericRecord>builder(file)
                .withSchema(TelemetrySchema.SCHEMA)
                .withDataModel(GenericData.get())
                .withConf(new PlainParquetConfiguration())
                .withCodecFactory(CODECS)
                .withCompressionCodec(CODEC)
                .build()) {
            for (TelemetryReading reading : readings) {
                writer.write(TelemetrySchema.toRecord(reading));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not encode %d readings as Parquet".formatted(readings.size()), e);
        }
        return file.toByteArray();
    }

    /** Returns the readings of a Parquet file that pass {@code filter}, in file order. */
    static List<TelemetryReading> decode(byte[] content, FilterCompat.Filter filter) throws IOException {
        List<TelemetryReading> readings = new ArrayList<>();
        try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(
                        new InMemoryParquetFiles.Input(content), new PlainParquetConfiguration())
                .withDataModel(GenericData.get())
                .withCodecFactory(CODECS)
                .withFilter(filter)
                .build()) {
            for (GenericRecord row = reader.read(); row != null; row = reader.read()) {
                readings.add(TelemetrySchema.fromRecord(row));
            }
        }
        return readings;
    }
}
