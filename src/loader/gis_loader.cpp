// The GIS module, loaded when a command first needs it.
//
// GDAL, GEOS, PROJ and libosmium (with the hundred-odd shared libraries GDAL
// brings: HDF5, NetCDF, Poppler, curl, ...) live in lc_geo, which the build puts
// in liblifecircle_gis.so (src/CMakeLists.txt) instead of in the executable.
// Loading and relocating those libraries cost about 40 ms of every start, even
// for `lifecircle --version` or `optimize --orlib`, which read no GIS layer.
//
// The executable is linked with one trampoline per function of lc_geo
// (gis_stubs.cpp, written by cmake/gis_stubs.cmake from liblc_geo.a) instead of
// lc_geo itself. A trampoline jumps through its slot; the slot first leads to
// lc_gis_lazy_common below, which saves the argument registers, calls
// lc_gis_resolve (dlopen of the module once, dlsym of the symbol, the address
// stored in the slot), restores the registers and jumps to the real function:
// the caller's arguments and return address are untouched, so the call goes on
// as if it had been direct, and later calls cost one indirect jump. A command
// that never calls into lc_geo never loads the module.
//
// The module is found relative to the executable (/proc/self/exe), at
// LC_GIS_FROM_BIN: the install's ../lib/lifecircle, and the same path in the
// build tree (build/lib/lifecircle). If it cannot be loaded, the command stops
// with a message naming the module and exit status 2.
#include <dlfcn.h>
#include <unistd.h>

#include <cstddef>
#include <filesystem>
#include <string>
#include <system_error>

#ifndef LC_GIS_FROM_BIN
#define LC_GIS_FROM_BIN "../lib/lifecircle"
#endif
#ifndef LC_VERSION
#define LC_VERSION "unknown"
#endif
#ifndef LC_GIS_MODULE_NAME
#define LC_GIS_MODULE_NAME "liblifecircle_gis.so"
#endif

extern "C" {
extern const char* const lc_gis_symbol_names[];  // gis_stubs.cpp
extern const std::size_t lc_gis_symbol_count;
__attribute__((visibility("hidden"))) extern void* lc_gis_slots[];
void* lc_gis_resolve(std::size_t index) noexcept;
}

namespace {

/// A line on stderr and exit status 2, without unwinding: the caller is halfway
/// into a call that cannot be made.
[[noreturn]] void fail(const std::string& what) noexcept {
    const std::string line = "lifecircle: error: " + what + "\n";
    [[maybe_unused]] const auto written = ::write(STDERR_FILENO, line.data(), line.size());
    ::_exit(2);
}

std::filesystem::path module_path() {
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec || exe.empty()) return LC_GIS_MODULE_NAME;  // the loader's search path
    return (exe.parent_path() / LC_GIS_FROM_BIN / LC_GIS_MODULE_NAME).lexically_normal();
}

void* module_handle() noexcept {
    static void* const handle = []() noexcept -> void* {
        try {
            const std::string path = module_path().string();
            // RTLD_NOW: a module that does not match its libraries fails here, once.
            void* h = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
            if (h == nullptr) {
                const char* why = ::dlerror();
                fail("this command needs the GIS module (GDAL, GEOS, PROJ, CBC), which could not be loaded: " +
                     std::string(why != nullptr ? why : path));
            }
            const auto* version = static_cast<const char*>(::dlsym(h, "lc_gis_module_version"));
            if (version == nullptr || std::string(version) != LC_VERSION) {
                fail("the GIS module " + path + " is of version " + (version != nullptr ? version : "(none)") +
                     ", not lifecircle's " LC_VERSION);
            }
            return h;
        } catch (const std::exception& e) {
            fail(std::string("the GIS module could not be located: ") + e.what());
        }
    }();
    return handle;
}

}  // namespace

extern "C" void* lc_gis_resolve(std::size_t index) noexcept {
    if (index >= lc_gis_symbol_count) fail("GIS module: no trampoline " + std::to_string(index));
    const char* name = lc_gis_symbol_names[index];
    void* address = ::dlsym(module_handle(), name);
    if (address == nullptr) fail(std::string("the GIS module lacks ") + name + " (a module of another build?)");
    __atomic_store_n(&lc_gis_slots[index], address, __ATOMIC_RELEASE);
    return address;
}

// lc_gis_lazy_common: entered by jmp from a trampoline's first call, with the
// symbol's number pushed above the caller's return address. Saves the argument
// registers of the SysV call (rdi, rsi, rdx, rcx, r8, r9, rax = the number of
// vector registers of a variadic call, r10 = the static chain, xmm0-7), aligns
// the stack, calls lc_gis_resolve(number), restores everything, drops the number
// and jumps to the function with the caller's frame as it was.
// NOLINTBEGIN
asm(R"(
    .text
    .globl lc_gis_lazy_common
    .hidden lc_gis_lazy_common
    .type lc_gis_lazy_common, @function
    .p2align 4
lc_gis_lazy_common:
    pushq %rbp
    movq %rsp, %rbp
    pushq %rdi
    pushq %rsi
    pushq %rdx
    pushq %rcx
    pushq %r8
    pushq %r9
    pushq %rax
    pushq %r10
    subq $128, %rsp
    movdqu %xmm0, 0(%rsp)
    movdqu %xmm1, 16(%rsp)
    movdqu %xmm2, 32(%rsp)
    movdqu %xmm3, 48(%rsp)
    movdqu %xmm4, 64(%rsp)
    movdqu %xmm5, 80(%rsp)
    movdqu %xmm6, 96(%rsp)
    movdqu %xmm7, 112(%rsp)
    andq $-16, %rsp
    movq 8(%rbp), %rdi
    call lc_gis_resolve
    movq %rax, %r11
    movdqu -192(%rbp), %xmm0
    movdqu -176(%rbp), %xmm1
    movdqu -160(%rbp), %xmm2
    movdqu -144(%rbp), %xmm3
    movdqu -128(%rbp), %xmm4
    movdqu -112(%rbp), %xmm5
    movdqu -96(%rbp), %xmm6
    movdqu -80(%rbp), %xmm7
    movq -64(%rbp), %r10
    movq -56(%rbp), %rax
    movq -48(%rbp), %r9
    movq -40(%rbp), %r8
    movq -32(%rbp), %rcx
    movq -24(%rbp), %rdx
    movq -16(%rbp), %rsi
    movq -8(%rbp), %rdi
    movq %rbp, %rsp
    popq %rbp
    addq $8, %rsp
    jmp *%r11
    .size lc_gis_lazy_common, .-lc_gis_lazy_common
)");
// NOLINTEND
