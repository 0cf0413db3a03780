/* echo (RFC 862) on lwIP's raw API: TCP in tcp_echo.c, UDP in udp_echo.c.
 * Both start with the stack lock held and then run in the network fiber. */
#ifndef ECHO_H
#define ECHO_H

int tcp_echo_start(void);
int udp_echo_start(void);

#endif
