// Predefined macros (as gcc defines them for aarch64-linux-gnu, LP64, unsigned char)
// and the freestanding headers the compiler itself provides (C11 4p6: float.h is left
// out because floating point is not supported). Toolchain layer, C compiler data.

const PREDEFINED: Array<[string, string]> = [
  ['__STDC__', '1'], ['__STDC_VERSION__', '201112L'], ['__STDC_HOSTED__', '1'],
  ['__STDC_NO_ATOMICS__', '1'], ['__STDC_NO_COMPLEX__', '1'], ['__STDC_NO_THREADS__', '1'],
  ['__STDC_NO_VLA__', '1'], ['__STDC_UTF_16__', '1'], ['__STDC_UTF_32__', '1'],
  ['__CAPLAB_CC__', '1'],
  ['__aarch64__', '1'], ['__ARM_64BIT_STATE', '1'], ['__ARM_ARCH', '8'], ['__ARM_ARCH_ISA_A64', '1'],
  ['__AARCH64EL__', '1'], ['__ARM_PCS_AAPCS64', '1'],
  ['__LP64__', '1'], ['_LP64', '1'], ['__linux__', '1'], ['__linux', '1'], ['__gnu_linux__', '1'],
  ['__unix__', '1'], ['__unix', '1'], ['__ELF__', '1'], ['__CHAR_UNSIGNED__', '1'],
  ['__ORDER_LITTLE_ENDIAN__', '1234'], ['__ORDER_BIG_ENDIAN__', '4321'], ['__ORDER_PDP_ENDIAN__', '3412'],
  ['__BYTE_ORDER__', '__ORDER_LITTLE_ENDIAN__'],
  ['__CHAR_BIT__', '8'], ['__SIZEOF_SHORT__', '2'], ['__SIZEOF_INT__', '4'], ['__SIZEOF_LONG__', '8'],
  ['__SIZEOF_LONG_LONG__', '8'], ['__SIZEOF_POINTER__', '8'], ['__SIZEOF_SIZE_T__', '8'],
  ['__SIZEOF_PTRDIFF_T__', '8'], ['__SIZEOF_WCHAR_T__', '4'], ['__SIZEOF_WINT_T__', '4'],
  ['__BIGGEST_ALIGNMENT__', '16'],
  ['__SCHAR_MAX__', '0x7f'], ['__SHRT_MAX__', '0x7fff'], ['__INT_MAX__', '0x7fffffff'],
  ['__LONG_MAX__', '0x7fffffffffffffffL'], ['__LONG_LONG_MAX__', '0x7fffffffffffffffLL'],
  ['__WCHAR_MAX__', '0xffffffffU'], ['__WCHAR_MIN__', '0U'], ['__SIZE_MAX__', '0xffffffffffffffffUL'],
  ['__PTRDIFF_MAX__', '0x7fffffffffffffffL'], ['__INTMAX_MAX__', '0x7fffffffffffffffL'],
  ['__UINTMAX_MAX__', '0xffffffffffffffffUL'], ['__INTPTR_MAX__', '0x7fffffffffffffffL'],
  ['__UINTPTR_MAX__', '0xffffffffffffffffUL'],
  ['__INT8_MAX__', '0x7f'], ['__INT16_MAX__', '0x7fff'], ['__INT32_MAX__', '0x7fffffff'],
  ['__INT64_MAX__', '0x7fffffffffffffffL'], ['__UINT8_MAX__', '0xff'], ['__UINT16_MAX__', '0xffff'],
  ['__UINT32_MAX__', '0xffffffffU'], ['__UINT64_MAX__', '0xffffffffffffffffUL'],
  ['__SIZE_TYPE__', 'long unsigned int'], ['__PTRDIFF_TYPE__', 'long int'], ['__WCHAR_TYPE__', 'unsigned int'],
  ['__WINT_TYPE__', 'unsigned int'], ['__INTMAX_TYPE__', 'long int'], ['__UINTMAX_TYPE__', 'long unsigned int'],
  ['__CHAR16_TYPE__', 'short unsigned int'], ['__CHAR32_TYPE__', 'unsigned int'],
  ['__INT8_TYPE__', 'signed char'], ['__INT16_TYPE__', 'short int'], ['__INT32_TYPE__', 'int'],
  ['__INT64_TYPE__', 'long int'], ['__UINT8_TYPE__', 'unsigned char'], ['__UINT16_TYPE__', 'short unsigned int'],
  ['__UINT32_TYPE__', 'unsigned int'], ['__UINT64_TYPE__', 'long unsigned int'],
  ['__INTPTR_TYPE__', 'long int'], ['__UINTPTR_TYPE__', 'long unsigned int'],
  ['__INT8_C(c)', 'c'], ['__INT16_C(c)', 'c'], ['__INT32_C(c)', 'c'], ['__INT64_C(c)', 'c ## L'],
  ['__UINT8_C(c)', 'c'], ['__UINT16_C(c)', 'c'], ['__UINT32_C(c)', 'c ## U'], ['__UINT64_C(c)', 'c ## UL'],
  ['__INTMAX_C(c)', 'c ## L'], ['__UINTMAX_C(c)', 'c ## UL'],
  ['__DATE__', '"Jan  1 2025"'], ['__TIME__', '"00:00:00"'],
];

export function predefinedSource(): string {
  return PREDEFINED.map(([k, v]) => `#define ${k} ${v}\n`).join('');
}

const STDARG = `#ifndef __STDARG_H
#define __STDARG_H
typedef __builtin_va_list va_list;
typedef __builtin_va_list __gnuc_va_list;
#define va_start(ap, last) __builtin_va_start(ap, last)
#define va_arg(ap, type) __builtin_va_arg(ap, type)
#define va_end(ap) __builtin_va_end(ap)
#define va_copy(dst, src) __builtin_va_copy(dst, src)
#define __va_copy(dst, src) __builtin_va_copy(dst, src)
#endif
`;

const STDDEF = `#ifndef __STDDEF_H
#define __STDDEF_H
typedef __SIZE_TYPE__ size_t;
typedef __PTRDIFF_TYPE__ ptrdiff_t;
typedef __WCHAR_TYPE__ wchar_t;
typedef struct { long long __ll; } max_align_t;
#define NULL ((void *)0)
#define offsetof(type, member) __builtin_offsetof(type, member)
#endif
`;

const STDBOOL = `#ifndef __STDBOOL_H
#define __STDBOOL_H
#define bool _Bool
#define true 1
#define false 0
#define __bool_true_false_are_defined 1
#endif
`;

const STDINT = `#ifndef __STDINT_H
#define __STDINT_H
typedef signed char int8_t; typedef short int16_t; typedef int int32_t; typedef long int64_t;
typedef unsigned char uint8_t; typedef unsigned short uint16_t; typedef unsigned int uint32_t;
typedef unsigned long uint64_t;
typedef signed char int_least8_t; typedef short int_least16_t; typedef int int_least32_t; typedef long int_least64_t;
typedef unsigned char uint_least8_t; typedef unsigned short uint_least16_t; typedef unsigned int uint_least32_t;
typedef unsigned long uint_least64_t;
typedef signed char int_fast8_t; typedef long int_fast16_t; typedef long int_fast32_t; typedef long int_fast64_t;
typedef unsigned char uint_fast8_t; typedef unsigned long uint_fast16_t; typedef unsigned long uint_fast32_t;
typedef unsigned long uint_fast64_t;
typedef long intptr_t; typedef unsigned long uintptr_t; typedef long intmax_t; typedef unsigned long uintmax_t;
#define INT8_MIN (-128)
#define INT16_MIN (-32767-1)
#define INT32_MIN (-2147483647-1)
#define INT64_MIN (-9223372036854775807L-1)
#define INT8_MAX 127
#define INT16_MAX 32767
#define INT32_MAX 2147483647
#define INT64_MAX 9223372036854775807L
#define UINT8_MAX 255
#define UINT16_MAX 65535
#define UINT32_MAX 4294967295U
#define UINT64_MAX 18446744073709551615UL
#define INTPTR_MIN INT64_MIN
#define INTPTR_MAX INT64_MAX
#define UINTPTR_MAX UINT64_MAX
#define INTMAX_MIN INT64_MIN
#define INTMAX_MAX INT64_MAX
#define UINTMAX_MAX UINT64_MAX
#define SIZE_MAX UINT64_MAX
#define PTRDIFF_MIN INT64_MIN
#define PTRDIFF_MAX INT64_MAX
#define INT8_C(c) c
#define INT16_C(c) c
#define INT32_C(c) c
#define INT64_C(c) c ## L
#define UINT8_C(c) c
#define UINT16_C(c) c
#define UINT32_C(c) c ## U
#define UINT64_C(c) c ## UL
#define INTMAX_C(c) c ## L
#define UINTMAX_C(c) c ## UL
#endif
`;

const LIMITS = `#ifndef __LIMITS_H
#define __LIMITS_H
#define CHAR_BIT 8
#define SCHAR_MIN (-128)
#define SCHAR_MAX 127
#define UCHAR_MAX 255
#define CHAR_MIN 0
#define CHAR_MAX 255
#define SHRT_MIN (-32768)
#define SHRT_MAX 32767
#define USHRT_MAX 65535
#define INT_MIN (-2147483647-1)
#define INT_MAX 2147483647
#define UINT_MAX 4294967295U
#define LONG_MIN (-9223372036854775807L-1)
#define LONG_MAX 9223372036854775807L
#define ULONG_MAX 18446744073709551615UL
#define LLONG_MIN (-9223372036854775807LL-1)
#define LLONG_MAX 9223372036854775807LL
#define ULLONG_MAX 18446744073709551615ULL
#define MB_LEN_MAX 16
#endif
`;

const SIMPLE: Record<string, string> = {
  'stdarg.h': STDARG,
  'stddef.h': STDDEF,
  'stdbool.h': STDBOOL,
  'stdint.h': STDINT,
  'limits.h': LIMITS,
  'stdalign.h': '#ifndef __STDALIGN_H\n#define __STDALIGN_H\n#define alignas _Alignas\n#define alignof _Alignof\n#define __alignas_is_defined 1\n#define __alignof_is_defined 1\n#endif\n',
  'stdnoreturn.h': '#ifndef __STDNORETURN_H\n#define __STDNORETURN_H\n#define noreturn _Noreturn\n#endif\n',
  'iso646.h': '#ifndef __ISO646_H\n#define __ISO646_H\n#define and &&\n#define and_eq &=\n#define bitand &\n#define bitor |\n#define compl ~\n#define not !\n#define not_eq !=\n#define or ||\n#define or_eq |=\n#define xor ^\n#define xor_eq ^=\n#endif\n',
};

/** Headers the compiler provides after the caller's sysroot. */
export const BUILTIN_HEADERS: Readonly<Record<string, string>> = SIMPLE;
