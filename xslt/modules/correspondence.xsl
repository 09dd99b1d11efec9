<?xml version="1.0" encoding="UTF-8"?>
<!--
  Correspondence: the parts of a letter or telegram that sit where a letter puts
  them. Datelines go to the right, the salutation to the left, the closing
  indented and the signature under it, so the page reads as the letter did.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:f="urn:tei-encoder:xslt"
    exclude-result-prefixes="#all">

  <xsl:template match="tei:opener | tei:closer | tei:postscript | tei:address">
    <xsl:element name="{if (f:phrasing(.)) then 'span' else 'div'}">
      <xsl:attribute name="class" select="local-name()"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="tei:salute | tei:signed | tei:dateline | tei:addrLine">
    <xsl:element name="{if (f:phrasing(.)) then 'span' else 'div'}">
      <xsl:attribute name="class" select="local-name() || (if (parent::tei:closer) then ' in-closer' else ())"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="tei:seg[@type = ('salute', 'signed', 'dateline')]">
    <span class="{@type}"><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:trailer">
    <xsl:element name="{if (f:phrasing(.)) then 'span' else 'p'}">
      <xsl:attribute name="class" select="'trailer'"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>
</xsl:stylesheet>
