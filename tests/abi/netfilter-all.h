/* SPDX-License-Identifier: MIT */
/*
 * The iptables headers of the kernel's UAPI that this system has.  They
 * share the ipt_/IPT_ prefix with libipt.  <linux/netfilter_ipv4/ipt_ecn.h>
 * is left out because it clashes with ipt_ECN.h (both define
 * IPT_ECN_IP_MASK); check-netfilter-names.py checks it on its own.
 */
#ifndef NETFILTER_ALL_H
#define NETFILTER_ALL_H

#include <sys/socket.h>
#include <netinet/in.h>
#include <linux/types.h>

#include <linux/netfilter_ipv4/ip_tables.h>

#if defined(__has_include)
#  if __has_include(<linux/netfilter_ipv4/ipt_CLUSTERIP.h>)
#    include <linux/netfilter_ipv4/ipt_CLUSTERIP.h>
#  endif
#  if __has_include(<linux/netfilter_ipv4/ipt_ECN.h>)
#    include <linux/netfilter_ipv4/ipt_ECN.h>
#  endif
#  if __has_include(<linux/netfilter_ipv4/ipt_LOG.h>)
#    include <linux/netfilter_ipv4/ipt_LOG.h>
#  endif
#  if __has_include(<linux/netfilter_ipv4/ipt_REJECT.h>)
#    include <linux/netfilter_ipv4/ipt_REJECT.h>
#  endif
#  if __has_include(<linux/netfilter_ipv4/ipt_TTL.h>)
#    include <linux/netfilter_ipv4/ipt_TTL.h>
#  endif
#  if __has_include(<linux/netfilter_ipv4/ipt_ah.h>)
#    include <linux/netfilter_ipv4/ipt_ah.h>
#  endif
#  if __has_include(<linux/netfilter_ipv4/ipt_ttl.h>)
#    include <linux/netfilter_ipv4/ipt_ttl.h>
#  endif
#endif

#endif /* NETFILTER_ALL_H */
