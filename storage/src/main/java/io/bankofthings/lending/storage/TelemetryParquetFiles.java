package io.bankofthings.lending.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.OutputFile;

/** Encodes readings as one ZSTD-compressed Parquet file in memory and decodes such files. */
final class TelemetryParquetFiles {

    /** Codec of every written file. */
    static final CompressionCodecName CODEC = CompressionCodecName.ZSTD;

    private static final ParquetCodecs CODECS = new ParquetCodecs();

    private TelemetryParquetFiles() {}

    /** Avro read schema: files written before a column existed read it as null. */
    private static final String READ_SCHEMA_KEY = "parquet.avro.read.schema";

    /** Returns the bytes of a Parquet file holding {@code readings} in the given order. */
    static byte[] encode(List<TelemetryReading> readings) {
        return encode(readings, ParquetWriter.DEFAULT_BLOCK_SIZE);
    }

    /**
     * Returns the bytes of a Parquet file holding {@code readings} in the given order, starting a new row group
     * whenever the buffered rows reach {@code rowGroupBytes} (measured before compression).
     */
    static byte[] encode(List<TelemetryReading> readings, long rowGroupBytes) {
        InMemoryParquetFiles.Output file = new InMemoryParquetFiles.Output();
        try (ParquetWriter<GenericRecord> writer = writer(file, rowGroupBytes)) {
            for (TelemetryReading reading : readings) {
                writer.write(TelemetrySchema.toRecord(reading));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not encode %d readings as Parquet".formatted(readings.size()), e);
        }
        return file.toByteArray();
    }

    /**
     * Returns a writer of telemetry rows (ZSTD) into {@code file}, starting a new row group whenever the buffered rows
     * reach {@code rowGroupBytes}.
     */
    static ParquetWriter<GenericRecord> writer(OutputFile file, long rowGroupBytes) throws IOException {
        return AvroParquetWriter.<GenericRecord>builder(file)
                .withSchema(TelemetrySchema.SCHEMA)
                .withDataModel(GenericData.get())
                .withConf(new PlainParquetConfiguration())
                .withCodecFactory(CODECS)
                .withCompressionCodec(CODEC)
                .withRowGroupSize(rowGroupBytes)
                .build();
    }

    /**
     * Returns the readings of a Parquet file that pass {@code filter}, in file order; read with the current schema,
     * so optional columns a file written by an older version lacks are null.
     */
    static List<TelemetryReading> decode(byte[] content, FilterCompat.Filter filter) throws IOException {
        return decode(new InMemoryParquetFiles.Input(content), filter);
    }

    /**
     * Returns the readings of a Parquet file that pass {@code filter}, in file order: row groups whose statistics
     * rule the filter out are not read (with a ranged input file, not fetched either).
     */
    static List<TelemetryReading> decode(InputFile file, FilterCompat.Filter filter) throws IOException {
        List<TelemetryReading> readings = new ArrayList<>();
        try (ParquetReader<GenericRecord> reader = reader(file, filter)) {
            for (GenericRecord row = reader.read(); row != null; row = reader.read()) {
                readings.add(TelemetrySchema.fromRecord(row));
            }
        }
        return readings;
    }

    /** Returns a reader of the rows of {@code file} that pass {@code filter}, with the current schema. */
    static ParquetReader<GenericRecord> reader(InputFile file, FilterCompat.Filter filter) throws IOException {
        PlainParquetConfiguration conf = new PlainParquetConfiguration();
        conf.set(READ_SCHEMA_KEY, TelemetrySchema.SCHEMA.toString());
        return AvroParquetReader.<GenericRecord>builder(file, conf)
                .withDataModel(GenericData.get())
                .withCodecFactory(CODECS)
                .withFilter(filter)
                .build();
    }

    /** Returns the number of rows a Parquet file's footer records, without decoding the rows. */
    static long rowCount(byte[] content) throws IOException {
        return rowCount(new InMemoryParquetFiles.Input(content));
    }

    /** Returns the number of rows a Parquet file's footer records, reading only the footer. */
    static long rowCount(InputFile file) throws IOException {
        try (ParquetFileReader reader = ParquetFileReader.open(
                file, ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
            return reader.getRecordCount();
        }
    }
}
