package io.bankofthings.lending.storage;

import static io.bankofthings.lending.storage.TelemetryReadings.bare;
import static io.bankofthings.lending.storage.TelemetryReadings.full;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;

class TelemetryParquetFilesUnitTests {

    @Test
    void readsBackExactlyWhatWasWritten() throws Exception {
        List<TelemetryReading> readings = List.of(
                full("press-7", "2026-11-22T10:00:00.123456Z", 1),
                bare("press-7", "2026-11-22T10:00:01Z", 2),
                new TelemetryReading(
                        "fridge-2",
                        Instant.parse("2026-11-22T10:59:59.999999Z"),
                        Long.MAX_VALUE,
                        -33.9,
                        18.4,
                        new TelemetryMetrics(null, null, null, null, 4.0, null, true, Map.of("doorOpen", 1.0, "rssi", -71.0))));

        byte[] file = TelemetryParquetFiles.encode(readings);

        assertThat(TelemetryParquetFiles.decode(file, FilterCompat.NOOP)).containsExactlyElementsOf(readings);
    }

    @Test
    void compressesEveryColumnWithZstd() throws Exception {
        List<TelemetryReading> readings = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            readings.add(full("press-7", "2026-11-22T10:00:00Z", i));
        }

        byte[] file = TelemetryParquetFiles.encode(readings);

        try (ParquetFileReader reader = ParquetFileReader.open(
                new InMemoryParquetFiles.Input(file),
                ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
            assertThat(reader.getRecordCount()).isEqualTo(1_000);
            List<BlockMetaData> blocks = reader.getFooter().getBlocks();
            assertThat(blocks).isNotEmpty();
            assertThat(blocks.stream().flatMap(b -> b.getColumns().stream()).map(ColumnChunkMetaData::getCodec))
                    .isNotEmpty()
                    .containsOnly(CompressionCodecName.ZSTD);
        }
    }

    @Test
    void truncatesTimestampsToMicroseconds() {
        TelemetryReading reading = bare("press-7", "2026-11-22T10:00:00.123456789Z", 1);

        assertThat(reading.timestamp()).isEqualTo(Instant.parse("2026-11-22T10:00:00.123456Z"));
    }

    @Test
    void namesTheHourPartitionInUtc() {
        assertThat(TelemetryPartitions.hourPrefix(Instant.parse("2026-11-22T23:30:00-02:00")))
                .isEqualTo("readings/date=2026-11-23/hour=01/");
    }
}
