import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilderImplementation;
import org.neo4j.graphdb.GraphDatabaseService;

/**
 * Runs a real Neo4j (embedded kernel + Bolt connector) for dangjian-hub.
 *
 * Usage: java -cp CLASSPATH Launcher.java --home DIR --port N [--conf key=value ...]
 *
 * Prints one line "NEO4J_READY bolt://127.0.0.1:N <version>" once Bolt accepts connections,
 * then runs until SIGTERM/SIGINT or until its standard input closes. Watching standard input
 * means a parent that dies without cleaning up still takes this process with it.
 */
public final class Launcher {
    public static void main(String[] args) throws Exception {
        Path home = null;
        int port = 7687;
        Map<String, String> conf = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--home" -> home = Path.of(args[++i]).toAbsolutePath();
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--conf" -> {
                    String kv = args[++i];
                    int eq = kv.indexOf('=');
                    conf.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (home == null) throw new IllegalArgumentException("--home is required");

        Map<String, String> settings = new HashMap<>();
        settings.put("server.bolt.enabled", "true");
        settings.put("server.bolt.listen_address", "127.0.0.1:" + port);
        settings.put("server.bolt.advertised_address", "127.0.0.1:" + port);
        // Bound to loopback only; the hub in front of it does the authentication.
        settings.put("dbms.security.auth_enabled", "false");
        settings.put("dbms.usage_report.enabled", "false");
        settings.put("db.tx_log.rotation.retention_policy", "2 files");
        settings.put("db.tx_log.rotation.size", "64M");
        // A stop waited 5 s for Bolt's worker threads and 5 s more for its connections, even with
        // none open: 10 s of every stop (each test run, each bulk import). The hub closes its
        // driver before it stops Neo4j, so there is nothing to wait for.
        settings.put("internal.server.bolt.thread_pool_shutdown_wait_time", "200ms");
        settings.put("internal.server.bolt.connection_shutdown_wait_time", "200ms");
        settings.putAll(conf);

        long started = System.nanoTime();
        DatabaseManagementService service = new DatabaseManagementServiceBuilderImplementation(home)
                .setConfigRaw(settings)
                .build();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.shutdown();
            stop.countDown();
        }, "neo4j-shutdown"));

        GraphDatabaseService db = service.database("neo4j");
        String version;
        try (var tx = db.beginTx()) {
            var result = tx.execute("CALL dbms.components() YIELD versions RETURN versions[0] AS v");
            version = String.valueOf(result.next().get("v"));
            tx.commit();
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.println("NEO4J_READY bolt://127.0.0.1:" + port + " " + version + " " + millis + "ms");
        System.out.flush();

        Thread stdinWatcher = new Thread(() -> {
            try {
                InputStream in = System.in;
                while (in.read() != -1) { /* drain */ }
            } catch (Exception ignored) {
                // a closed or broken pipe means the parent is gone
            }
            System.exit(0);
        }, "stdin-watcher");
        stdinWatcher.setDaemon(true);
        stdinWatcher.start();
        stop.await();
    }
}
