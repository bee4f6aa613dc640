package dev.spacetime.bench.peers;

import java.util.List;

/** The peers users would otherwise pick, from Debian's packages, each a script shipped in this module's resources. */
public enum PeerEngine {
    NUMPY("numpy", "peer_numpy.py", "numpy", "python3-numpy"),
    SKLEARN("sklearn", "peer_sklearn.py", "sklearn", "python3-sklearn"),
    PYTORCH("pytorch", "peer_torch.py", "torch", "python3-torch");

    /** Every peer script imports these; threadpoolctl reports the BLAS kernel. */
    public static final List<String> COMMON_PACKAGES = List.of("python3-numpy", "python3-threadpoolctl");
    /** The charts. */
    public static final String CHART_MODULE = "matplotlib";
    public static final String CHART_PACKAGE = "python3-matplotlib";
    public static final List<String> SHARED_SCRIPTS = List.of("peer_common.py");

    private final String id;
    private final String script;
    private final String module;
    private final String debianPackage;

    PeerEngine(String id, String script, String module, String debianPackage) {
        this.id = id;
        this.script = script;
        this.module = module;
        this.debianPackage = debianPackage;
    }

    public String id() {
        return id;
    }

    public String script() {
        return script;
    }

    /** The Python module whose import says the peer is there. */
    public String module() {
        return module;
    }

    public String debianPackage() {
        return debianPackage;
    }
}
