package cn.jining.census.collect;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.postgresql.ds.PGSimpleDataSource;

import cn.jining.census.store.ProgressReportStore;
import cn.jining.census.store.ProgressReportStore.Incoming;
import cn.jining.census.store.ProgressReportStore.Receipt;

/**
 * A process that stores progress reports through {@link ProgressReportStore} as fast as it can
 * and prints {@code ACK id} for every report once its batch is acknowledged, until it is killed.
 * {@link ReportKillIT} kills it with SIGKILL mid-stream and checks every acknowledged report is
 * in the database.
 *
 * <p>Arguments: JDBC URL, user, password ("" for none), subarea code, building id, batch size.
 */
public final class IngestWorker {

    private IngestWorker() {
    }

    public static void main(String[] args) throws Exception {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(args[0]);
        dataSource.setUser(args[1]);
        if (!args[2].isEmpty()) {
            dataSource.setPassword(args[2]);
        }
        ProgressReportStore store = new ProgressReportStore(dataSource);
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        OffsetDateTime time = OffsetDateTime.of(2020, 11, 10, 8, 0, 0, 0, ZoneOffset.ofHours(8));
        int batchSize = Integer.parseInt(args[5]);
        while (true) {
            List<Incoming> batch = new ArrayList<>(batchSize);
            for (int i = 0; i < batchSize; i++) {
                time = time.plusSeconds(1);
                batch.add(new Incoming(UUID.randomUUID().toString(), args[3], args[4], "registered", i % 10, time));
            }
            for (Receipt receipt : store.ingest(batch, "ingest-worker")) {
                out.println("ACK " + receipt.reportId());
            }
            out.flush();
        }
    }
}
