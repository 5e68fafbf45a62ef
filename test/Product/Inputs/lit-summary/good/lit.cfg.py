import lit.formats
config.name = "good"
config.test_format = lit.formats.ShTest(True)
config.suffixes = [".txt"]
