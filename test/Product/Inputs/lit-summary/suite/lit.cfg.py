import lit.formats
config.name = "tiny"
config.test_format = lit.formats.ShTest(True)
config.suffixes = [".txt"]
