/* placeholder: the real monitor replaces this */
int main(void) { return 1; }
