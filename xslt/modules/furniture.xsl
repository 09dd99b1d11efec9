<?xml version="1.0" encoding="UTF-8"?>
<!--
  Page furniture: running heads, page numbers, catchwords, continuation lines and
  stamp blocks, and the boundaries between pages. All of it carries the 'fw' or
  'pb' class, which is what the reading view hides; line breaks carry 'lb',
  which the reading view turns into spaces.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:f="urn:tei-encoder:xslt"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:template match="tei:fw">
    <xsl:element name="{if (f:phrasing(.)) then 'span' else 'div'}">
      <xsl:attribute name="class" select="'fw fw-' || (@type, 'other')[1]"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <!-- A page boundary: a rule across the text with the number of the page that begins. -->
  <xsl:template match="tei:pb">
    <xsl:variable name="n" as="xs:string">
      <xsl:number level="any" from="tei:div[@type = 'document'] | tei:body" count="tei:pb"/>
    </xsl:variable>
    <xsl:element name="{if (f:phrasing(.)) then 'span' else 'div'}">
      <xsl:attribute name="class" select="'pb' || (if (f:phrasing(.)) then ' pb-inline' else '')"/>
      <xsl:attribute name="id" select="f:doc-id(f:doc-of(.)) || '-pb' || $n"/>
      <xsl:if test="@n"><xsl:attribute name="data-page" select="@n"/></xsl:if>
      <span class="pb-label">{if (@n) then 'page ' || @n else 'new page'}</span>
    </xsl:element>
  </xsl:template>

  <xsl:template match="tei:cb">
    <span class="cb" aria-hidden="true"> | </span>
  </xsl:template>

  <!--
    A line break is also a word break unless marked otherwise, so the reading view needs a space here.
    The end of the line is compared rather than matched against '\s$': a regex tries every position of
    the line, and this runs for every line of the text. The four are what '\s' means in XPath; a text
    node is never empty, so an empty $before means there is none.
  -->
  <xsl:template match="tei:lb">
    <xsl:variable name="before" select="string(preceding-sibling::node()[1][self::text()])"/>
    <xsl:if test="not(@break = 'no') and $before
                  and not(ends-with($before, '&#10;') or ends-with($before, '&#32;')
                          or ends-with($before, '&#9;') or ends-with($before, '&#13;'))">
      <xsl:text> </xsl:text>
    </xsl:if>
    <br class="lb"/>
  </xsl:template>
</xsl:stylesheet>
