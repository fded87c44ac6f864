package cn.jining.census;

import java.nio.file.Files;
import java.nio.file.Path;

import cn.jining.census.load.ImportDelivery;
import cn.jining.census.load.ImportMode;
import cn.jining.census.load.ImportOutcome;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;

import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The service's entry point. Without arguments it serves until stopped; {@code import FILE
 * [--partial]} imports one file (delivery or household-record CSV), prints the JSON report on
 * standard output and exits 0 when accepted, 2 when refused or unreadable, 64 on bad usage.
 */
@QuarkusMain
public class CensusMapMain implements QuarkusApplication {

    private final ImportDelivery imports;

    public CensusMapMain(ImportDelivery imports) {
        this.imports = imports;
    }

    public static void main(String... args) {
        if (args.length > 0) {
            // a one-shot command must not replace the admin token a running service handed out
            System.setProperty("census.admin-token.bootstrap", "false");
        }
        Quarkus.run(CensusMapMain.class, args);
    }

    @Override
    public int run(String... args) throws Exception {
        if (args.length == 0) {
            Quarkus.waitForExit();
            return 0;
        }
        boolean partial = args.length == 3 && "--partial".equals(args[2]);
        if (!"import".equals(args[0]) || args.length < 2 || (args.length == 3 && !partial) || args.length > 3) {
            System.err.println("usage: census-map                        serve the web map and API");
            System.err.println("       census-map import FILE [--partial]  import a delivery or household-record CSV");
            return 64;
        }
        Path file = Path.of(args[1]);
        if (!Files.isRegularFile(file)) {
            System.err.println("no such file: " + file);
            return 2;
        }
        ImportOutcome outcome = imports.run(file, file.getFileName().toString(), "cli:" + System.getProperty("user.name"),
                partial ? ImportMode.PARTIAL : ImportMode.ALL_OR_NOTHING);
        System.out.println(JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(outcome.report()));
        return outcome.status() == ImportOutcome.Status.ACCEPTED ? 0 : 2;
    }
}
