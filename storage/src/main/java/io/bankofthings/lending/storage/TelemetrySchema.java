package io.bankofthings.lending.storage;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** Avro schema of a reading row in Parquet and the mapping between rows and {@link TelemetryReading}. */
final class TelemetrySchema {

    static final String DEVICE_ID = "deviceId";
    static final String TIMESTAMP = "timestamp";

    static final Schema SCHEMA = SchemaBuilder.record("TelemetryReading")
            .namespace("io.bankofthings.lending.storage")
            .fields()
            .requiredString(DEVICE_ID)
            .name(TIMESTAMP)
            .type(LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG)))
            .noDefault()
            .requiredLong("sequence")
            .optionalDouble("latitude")
            .optionalDouble("longitude")
            .optionalBoolean("powerOn")
            .optionalDouble("operatingHours")
            .optionalDouble("currentAmps")
            .optionalDouble("energyKwh")
            .optionalDouble("temperatureC")
            .optionalLong("inventoryCount")
            .optionalBoolean("tamper")
            .name("extraMetrics")
            .type()
            .map()
            .values()
            .doubleType()
            .noDefault()
            .endRecord();

    private TelemetrySchema() {}

    static GenericRecord toRecord(TelemetryReading reading) {
        TelemetryMetrics metrics = reading.metrics();
        GenericData.Record row = new GenericData.Record(SCHEMA);
        row.put(DEVICE_ID, reading.deviceId());
        row.put(TIMESTAMP, toEpochMicros(reading.timestamp()));
        row.put("sequence", reading.sequence());
        row.put("latitude", reading.latitude());
        row.put("longitude", reading.longitude());
        row.put("powerOn", metrics.powerOn());
        row.put("operatingHours", metrics.operatingHours());
        row.put("currentAmps", metrics.currentAmps());
        row.put("energyKwh", metrics.energyKwh());
        row.put("temperatureC", metrics.temperatureC());
        row.put("inventoryCount", metrics.inventoryCount());
        row.put("tamper", metrics.tamper());
        row.put("extraMetrics", metrics.extra());
        return row;
    }

    static TelemetryReading fromRecord(GenericRecord row) {
        Map<String, Double> extra = new HashMap<>();
        Object extraValue = row.get("extraMetrics");
        if (extraValue instanceof Map<?, ?> map) {
            map.forEach((name, value) -> extra.put(name.toString(), ((Number) value).doubleValue()));
        }
        TelemetryMetrics metrics = new TelemetryMetrics(
                (Boolean) row.get("powerOn"),
                (Double) row.get("operatingHours"),
                (Double) row.get("currentAmps"),
                (Double) row.get("energyKwh"),
                (Double) row.get("temperatureC"),
                (Long) row.get("inventoryCount"),
                (Boolean) row.get("tamper"),
                extra);
        return new TelemetryReading(
                row.get(DEVICE_ID).toString(),
                fromEpochMicros((Long) row.get(TIMESTAMP)),
                (Long) row.get("sequence"),
                (Double) row.get("latitude"),
                (Double) row.get("longitude"),
                metrics);
    }

    static long toEpochMicros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    static Instant fromEpochMicros(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }
}
