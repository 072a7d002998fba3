package io.bankofthings.lending.crosscheck;

import io.bankofthings.lending.loan.DeviceType;
import io.bankofthings.lending.loan.LoanStatus;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.SqlTypeValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Finds the live collateral items (of applications and loans not in a final state) that are watched by both a GPS
 * tracker and an RFID gate with a known position, from the bindings of the loan applications.
 */
@Repository
public class CollateralSources {

    private static final List<String> FINAL = Arrays.stream(LoanStatus.values())
            .filter(LoanStatus::isFinal)
            .map(Enum::name)
            .toList();

    private final JdbcClient jdbc;

    public CollateralSources(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private record Row(String collateralId, String loanId, @Nullable Double siteLatitude, @Nullable Double siteLongitude,
            String deviceId, DeviceType type, @Nullable Double latitude, @Nullable Double longitude) {}

    /**
     * Returns the ids of every device that is a GPS tracker or RFID gate of a live collateral item watched by both (one
     * query; a superset of the devices {@link #byDevice} finds, as gates without any position are included).
     */
    public Set<String> crossCheckedDevices() {
        return Set.copyOf(jdbc.sql("""
                        select distinct d.device_id
                        from collateral_item_device d
                        join collateral_item c on c.collateral_id = d.collateral_id
                        join loan_application a on a.loan_id = c.loan_id
                        where a.status not in (:final)
                          and d.device_type in ('GPS_TRACKER', 'RFID_GATE')
                          and exists (select 1 from collateral_item_device g
                                      where g.collateral_id = c.collateral_id and g.device_type = 'RFID_GATE')
                          and exists (select 1 from collateral_item_device t
                                      where t.collateral_id = c.collateral_id and t.device_type = 'GPS_TRACKER')""")
                .param("final", FINAL)
                .query(String.class)
                .list());
    }

    /**
     * Returns the cross-checked items that bind any of {@code deviceIds}, by device id (one query).
     *
     * @return for each of the given devices that is a tracker or gate of such an item, the items; others are left out
     */
    public Map<String, List<CheckedCollateral>> byDevice(Collection<String> deviceIds) {
        if (deviceIds.isEmpty()) {
            return Map.of();
        }
        String[] ids = deviceIds.toArray(String[]::new);
        var rows = jdbc.sql("""
                        select c.collateral_id, c.loan_id, c.site_latitude, c.site_longitude, d.device_id, d.device_type,
                               r.latitude, r.longitude
                        from collateral_item c
                        join loan_application a on a.loan_id = c.loan_id
                        join collateral_item_device d on d.collateral_id = c.collateral_id
                        left join collateral_device r on r.device_id = d.device_id
                        where c.collateral_id in (select collateral_id from collateral_item_device
                                                  where device_id = any(:ids) and device_type in ('GPS_TRACKER', 'RFID_GATE'))
                          and a.status not in (:final)
                          and d.device_type in ('GPS_TRACKER', 'RFID_GATE')
                        order by c.collateral_id, d.device_id""")
                .param("ids", new SqlParameterValue(Types.ARRAY, new DeviceIdArray(ids)))
                .param("final", FINAL)
                .query((rs, n) -> new Row(rs.getString("collateral_id"), rs.getString("loan_id"),
                        rs.getObject("site_latitude", Double.class), rs.getObject("site_longitude", Double.class),
                        rs.getString("device_id"), DeviceType.valueOf(rs.getString("device_type")),
                        rs.getObject("latitude", Double.class), rs.getObject("longitude", Double.class)))
                .list();
        var byItem = new LinkedHashMap<String, List<Row>>();
        rows.forEach(row -> byItem.computeIfAbsent(row.collateralId(), id -> new ArrayList<>()).add(row));
        var wanted = Set.copyOf(deviceIds);
        var byDevice = new LinkedHashMap<String, List<CheckedCollateral>>();
        for (var itemRows : byItem.values()) {
            var item = checked(itemRows);
            if (item == null) {
                continue;
            }
            for (String device : itemRows.stream().map(Row::deviceId).toList()) {
                if (wanted.contains(device) && (item.isTracker(device) || item.isGate(device))) {
                    byDevice.computeIfAbsent(device, d -> new ArrayList<>()).add(item);
                }
            }
        }
        return byDevice;
    }

    /** The device ids as one {@code varchar[]} parameter: one plan whatever the batch size. */
    private record DeviceIdArray(String[] ids) implements SqlTypeValue {
        @Override
        public void setTypeValue(PreparedStatement ps, int index, int sqlType, @Nullable String typeName)
                throws SQLException {
            ps.setArray(index, ps.getConnection().createArrayOf("varchar", ids));
        }
    }

    private static @Nullable CheckedCollateral checked(List<Row> rows) {
        var first = rows.getFirst();
        var trackers = new ArrayList<String>();
        var gates = new LinkedHashMap<String, CheckedCollateral.GatePosition>();
        for (var row : rows) {
            if (row.type() == DeviceType.GPS_TRACKER) {
                trackers.add(row.deviceId());
            } else if (row.latitude() != null && row.longitude() != null) {
                gates.put(row.deviceId(), new CheckedCollateral.GatePosition(row.latitude(), row.longitude()));
            } else if (row.siteLatitude() != null && row.siteLongitude() != null) {
                gates.put(row.deviceId(), new CheckedCollateral.GatePosition(row.siteLatitude(), row.siteLongitude()));
            }
        }
        if (trackers.isEmpty() || gates.isEmpty()) {
            return null;
        }
        return new CheckedCollateral(first.collateralId(), first.loanId(), trackers, gates);
    }
}
