"""The compiled stages (Cython, built as C++); everything else is in pyproject.toml."""

from Cython.Build import cythonize
from setuptools import Extension, setup

# Warnings on; no contraction of a multiply and an add into one instruction, so that the
# compiled searches add HanTa's floats exactly as Python does.
COMPILE_ARGS = ["-std=c++17", "-Wall", "-Wextra", "-ffp-contract=off"]

EXTENSIONS = [
    Extension(
        "depesche.engine._tokenizer",
        ["depesche/engine/_tokenizer.pyx"],
        language="c++",
        extra_compile_args=COMPILE_ARGS,
    ),
    Extension(
        "depesche.engine._index",
        ["depesche/engine/_index.pyx"],
        language="c++",
        extra_compile_args=COMPILE_ARGS,
    ),
    Extension(
        "depesche.engine._machine",
        ["depesche/engine/_machine.pyx"],
        language="c++",
        extra_compile_args=COMPILE_ARGS,
    ),
    Extension(
        "depesche.engine.annotators._tagger",
        ["depesche/engine/annotators/_tagger.pyx"],
        language="c++",
        extra_compile_args=COMPILE_ARGS,
    ),
]

setup(
    ext_modules=cythonize(
        EXTENSIONS,
        compiler_directives={"language_level": 3,
                             "warn.unused": True, "warn.unused_arg": True,
                             "warn.maybe_uninitialized": True},
    ),
)
