# -*- Python -*-
import os

import lit
import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "CIM"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".onnxtext", ".test", ".py", ".json"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.cim_obj_root, "test")
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py"]

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
# ASAN_OPTIONS/LSAN_OPTIONS for the sanitizer build (scripts/sanitize_suite.sh):
# lit 19's own pass-through list drops ASAN_OPTIONS (a missing comma).
for var in ("CI", "CIM_SHARED_DIR", "HOME", "CIM_EVSIM_MUTATION",
            "ASAN_OPTIONS", "LSAN_OPTIONS", "UBSAN_OPTIONS"):
    if var in os.environ:
        config.environment[var] = os.environ[var]

tools = ["cim-opt", "cim-translate", "cim-sim", "cim-opt-search", "cim-run", "cim-space"]
llvm_config.add_tool_substitutions(
    [ToolSubst(t, unresolved="ignore") for t in tools]
    + [ToolSubst("%PYTHON", config.python_executable, unresolved="ignore")],
    [os.path.join(config.cim_obj_root, "bin"), config.llvm_tools_dir],
)
config.substitutions.append(("%cim_src", config.cim_src_root))
config.substitutions.append(("%cim_obj", config.cim_obj_root))
# lit itself, for tests of what the suite reports about a run.
config.substitutions.append(
    ("%lit", os.path.join(os.path.dirname(os.path.dirname(lit.__file__)), "lit.py")))
config.substitutions.append(("%cim_python", os.path.join(config.cim_src_root, "python")))
config.substitutions.append(("%configs", os.path.join(config.cim_src_root, "configs")))
# Inputs shared by several test folders (hardware configurations, ...).
config.substitutions.append(("%test_inputs", os.path.join(config.test_source_root, "Inputs")))

# ../shared beside the checkout holds the measured data. Tests that need it say
# REQUIRES: shared-data; CI (CI=true) must have it, so its absence there fails.
shared = os.environ.get("CIM_SHARED_DIR",
                        os.path.join(os.path.dirname(config.cim_src_root), "shared"))
config.substitutions.append(("%shared", shared))
if os.path.isdir(os.path.join(shared, "data")):
    config.available_features.add("shared-data")
elif os.environ.get("CI") == "true":
    lit_config.fatal("CI=true but the shared data directory %s is missing" % shared)

import shlex
import shutil
import subprocess
# A git checkout (a worktree's .git is a file) to clone HEAD from.
if shutil.which("git") and subprocess.run(
        ["git", "-C", config.cim_src_root, "rev-parse", "--verify", "HEAD"],
        capture_output=True).returncode == 0:
    config.available_features.add("git-checkout")
if shutil.which("strace"):
    config.available_features.add("strace")
if config.onnx_enabled:
    config.available_features.add("onnx")
if os.path.isdir("/usr/share/libonnx-testdata/data"):
    config.available_features.add("onnx-testdata")
def _py_has(mod):
    try:
        return subprocess.run([config.python_executable, "-c", "import " + mod],
                              capture_output=True, timeout=120).returncode == 0
    except Exception:
        return False
if _py_has("onnx"):
    config.available_features.add("python-onnx")
if _py_has("torchvision"):
    config.available_features.add("torch")

# An instrumented build (scripts/sanitize_suite.sh): its tools carry source
# paths in their debug information and sanitizer metadata, which its reports
# need; tests of properties of the product build say UNSUPPORTED: sanitizers.
if getattr(config, "sanitizers", ""):
    config.available_features.add("sanitizers")
# The MPI watchdog's timeout in the fault test: an instrumented rank that
# unwinds every allocation (below) can be silent for seconds while healthy.
config.substitutions.append(
    ("%rank_timeout", "30" if getattr(config, "sanitizers", "") else "2"))

# mpirun -n N cim-opt-search (docs/search.md, "Many processes: MPI"). Tests
# that need it say REQUIRES: mpi and are UNSUPPORTED (with the feature named)
# on a machine without Open MPI; CI installs it (scripts/setup.sh), so its
# absence there fails. Tests run as root in CI, which Open MPI refuses
# unless told; --oversubscribe allows more ranks than cores.
if config.mpi_enabled and shutil.which("mpirun"):
    config.available_features.add("mpi")
    mpirun = "mpirun --oversubscribe"
    if os.geteuid() == 0:
        mpirun += " --allow-run-as-root"
    # Sanitizer build: the ranks unwind every allocation in full, so that
    # Open MPI's leaks match scripts/openmpi-lsan.supp by library.
    if os.environ.get("LSAN_OPTIONS"):
        mpirun = "env LSAN_OPTIONS=%s %s" % (
            shlex.quote(os.environ["LSAN_OPTIONS"] + ":fast_unwind_on_malloc=0"),
            mpirun)
    config.substitutions.append(("%mpirun", mpirun))
elif os.environ.get("CI") == "true":
    lit_config.fatal("CI=true but MPI is missing (mpirun or a build with "
                     "CIM_ENABLE_MPI): run scripts/setup.sh")
else:
    lit_config.note("MPI tests skipped: no mpirun or cim-opt-search was "
                    "built without MPI (apt-get install libopenmpi-dev "
                    "openmpi-bin, then reconfigure)")

# The libFuzzer build (scripts/fuzz.sh; docs/reliability.md, "Fuzzing"), a
# separate clang build directory named by CIM_FUZZ_BUILD; scripts/test.sh
# builds it and sets the variable, so CI (CI=true) must have it.
fuzz_build = os.environ.get("CIM_FUZZ_BUILD")
if fuzz_build and os.path.isfile(os.path.join(fuzz_build, "build.ninja")):
    config.available_features.add("fuzzers")
    config.substitutions.append(("%fuzz_build", fuzz_build))
    config.environment["CIM_FUZZ_BUILD"] = fuzz_build
elif os.environ.get("CI") == "true":
    lit_config.fatal("CI=true but CIM_FUZZ_BUILD names no fuzz build: run "
                     "scripts/test.sh (it builds one with scripts/fuzz.sh)")
