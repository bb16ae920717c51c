/* errno (CapLab libc, C11 7.5): one program, one thread, so a plain global. */
int errno;

char *strerror(int e) {
  switch (e) {
  case 0: return "Success";
  case 1: return "Operation not permitted";
  case 2: return "No such file or directory";
  case 9: return "Bad file descriptor";
  case 12: return "Cannot allocate memory";
  case 14: return "Bad address";
  case 22: return "Invalid argument";
  case 33: return "Numerical argument out of domain";
  case 34: return "Numerical result out of range";
  case 38: return "Function not implemented";
  default: return "Unknown error";
  }
}
