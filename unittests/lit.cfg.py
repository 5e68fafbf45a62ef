# -*- Python -*-
# Runs every GoogleTest binary under build/unittests; each TEST is one lit test.
import os
import lit.formats

config.name = "CIM-Unit"
config.suffixes = []
config.test_exec_root = os.path.join(config.cim_obj_root, "unittests")
config.test_source_root = config.test_exec_root
config.test_format = lit.formats.GoogleTest(".", "Tests")
for var in ("CI", "CIM_SHARED_DIR", "HOME"):
    if var in os.environ:
        config.environment[var] = os.environ[var]
# Test binaries carry no source path: they find their inputs through this.
config.environment["CIM_TEST_SOURCE_DIR"] = config.cim_src_root
